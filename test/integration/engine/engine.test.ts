// The whole engine with the real bundled models and a real LanceDB in a temp dir: index a folder of
// mixed formats (bad files included), ask, re-index incrementally, detect a model change, remove.
import assert from 'node:assert/strict';
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ParascopeError } from '../../../src-main/common/errors.js';
import type { IndexProgress, IndexSummary } from '../../../src-main/common/types.js';
import { Engine } from '../../../src-main/core/engine.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';
import { calibrationFor, inRankOrder, relevance } from '../../../src-main/core/search/relevance.js';
import { LanceStore } from '../../../src-main/core/store/lance-store.js';
import { makeFixtures } from '../../fixtures/make-fixtures.js';
import { textImage } from '../../fixtures/make-scans.js';

const modelsDir = defaultModelsDir();

const DOCS: Record<string, string> = {
  'volcanoes.md': `# Volcanoes

## Formation

A volcano forms where magma from the mantle rises through weak spots in the crust. Most volcanoes sit along the boundaries of tectonic plates, where one plate slides beneath another and melts.

## Eruptions

Explosive eruptions happen when gas-rich, viscous magma traps pressure until it shatters into ash. Effusive eruptions release runny basaltic lava that flows for kilometres, as in Hawaii.
`,
  'bread.txt': `Sourdough bread rises because wild yeast and lactic acid bacteria in the starter ferment the flour, producing carbon dioxide that inflates the dough.

A long cold fermentation overnight in the refrigerator gives the loaf a more sour taste and an open crumb.

Bakers score the top of the loaf with a razor so that steam can escape in a controlled way during baking.`,
  'sub/telescope.html': `<html><body><h1>Telescopes</h1>
<p>A refracting telescope uses a pair of glass lenses to bend light to a focus, while a reflecting telescope uses a curved mirror.</p>
<p>The James Webb Space Telescope observes in the infrared, which lets it see through dust clouds where stars are born.</p>
</body></html>`,
  'chess.rst': `Chess openings
==============

The Sicilian Defence begins 1.e4 c5 and is the most popular reply to the king's pawn opening at the highest level of play.

Castling moves the king two squares toward a rook and places the rook on the other side of the king, in a single move.
`,
};

let root: string;
let dataDir: string;
let engine: Engine;
let first: IndexSummary;
const progress: IndexProgress[] = [];

async function chunkIds(): Promise<string[]> {
  const store = await LanceStore.open(join(dataDir, 'lancedb'), 384);
  try {
    return (await store.chunkIds()).sort();
  } finally {
    await store.close();
  }
}

before(async () => {
  const fx = await makeFixtures();
  root = await mkdtemp(join(tmpdir(), 'parascope-engine-docs-'));
  dataDir = await mkdtemp(join(tmpdir(), 'parascope-engine-data-'));
  await cp(fx.dir, root, { recursive: true });
  await rm(fx.dir, { recursive: true, force: true });
  await mkdir(join(root, 'sub'));
  for (const [name, text] of Object.entries(DOCS)) await writeFile(join(root, name), text);
  await writeFile(
    join(root, 'whiteboard.png'),
    await textImage(['Tide tables are kept in the brass cabinet', 'beside the harbour office door.']),
  );
  engine = await Engine.open({ dataDir, modelsDir, providers: ['cpu'] });
  first = await engine.index([root], { onProgress: (p) => progress.push(p) });
});

after(async () => {
  await engine?.close();
  await rm(root, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('first index run', () => {
  test('indexes every good file and records each bad one with its reason', async () => {
    assert.equal(first.cancelled, false);
    const byName = new Map(first.problems.map((p) => [basename(p.path), p]));
    assert.equal(byName.get('encrypted.pdf')?.state, 'failed');
    assert.match(byName.get('encrypted.pdf')?.reason ?? '', /password/);
    assert.equal(byName.get('truncated.pdf')?.state, 'failed');
    assert.equal(byName.get('junk.docx')?.state, 'failed');
    assert.match(byName.get('bomb.docx')?.reason ?? '', /size limit/);
    assert.equal(byName.get('binary.txt')?.state, 'skipped');
    assert.match(byName.get('undecodable.txt')?.reason ?? '', /unknown text encoding/);
    assert.equal(byName.get('empty.txt')?.state, 'skipped');
    assert.equal(byName.get('scanned.pdf')?.state, 'skipped');
    const files = await engine.files({ root });
    const indexed = new Set(files.filter((f) => f.state === 'indexed').map((f) => basename(f.path)));
    assert.equal(files.find((f) => basename(f.path) === 'whiteboard.png')?.note, 'read by OCR');
    assert.equal(files.find((f) => basename(f.path) === 'bread.txt')?.note, undefined);
    for (const good of [
      'whiteboard.png',
      'volcanoes.md',
      'bread.txt',
      'telescope.html',
      'chess.rst',
      'two-pages.pdf',
      'doc.docx',
      'utf16le.txt',
      'utf16be.txt',
      'utf16-nobom.txt',
      'latin1.txt',
    ]) {
      assert.ok(indexed.has(good), `${good} should be indexed, got ${[...indexed].join(', ')}`);
    }
    assert.equal(first.indexed, indexed.size);
    assert.ok(first.chunks >= 15);
  });

  test('reports progress from scanning to done with the current file', () => {
    assert.equal(progress[0]?.phase, 'scanning');
    assert.equal(progress.at(-1)?.phase, 'done');
    const mid = progress.filter((p) => p.phase === 'indexing' && p.currentFile);
    assert.ok(mid.length >= 5);
    assert.equal(progress.at(-1)?.filesDone, progress.at(-1)?.filesTotal);
  });

  test('status lists the folder, the device and the problems', async () => {
    const s = await engine.status();
    assert.equal(s.folders.length, 1);
    assert.equal(s.folders[0]?.path, root);
    assert.equal(s.chunks, first.chunks);
    assert.match(s.device, /^cpu \((int8|fp32)\)$/);
    assert.equal(s.embeddingModel, 'all-MiniLM-L6-v2');
    assert.ok(s.problems.some((p) => basename(p.path) === 'junk.docx' && p.reason));
  });
});

describe('asking', () => {
  const cases: [string, string][] = [
    ['Why does sourdough rise?', 'bread.txt'],
    ['Which telescope sees through dust in the infrared?', 'telescope.html'],
    ['What is the most popular reply to 1.e4?', 'chess.rst'],
    ['Where do most volcanoes form?', 'volcanoes.md'],
  ];
  for (const mode of ['dense', 'lexical', 'hybrid'] as const) {
    test(`${mode} retrieval without re-ranking finds the right file first`, async () => {
      for (const [q, file] of cases.slice(0, mode === 'lexical' ? 2 : 4)) {
        const r = await engine.ask({ question: q, mode, rerank: false });
        assert.equal(basename(r.passages[0]?.path ?? ''), file, `${mode}: ${q}`);
      }
    });
  }

  test('the re-ranked top 5 holds the answer with its location, rank and score', async () => {
    const r = await engine.ask({ question: 'How do explosive volcanic eruptions happen?', rerank: true });
    assert.equal(r.passages.length, 5);
    const top = r.passages.find((p) => p.text.includes('Explosive eruptions'))!;
    assert.equal(basename(top.path), 'volcanoes.md');
    assert.match(top.text, /Explosive eruptions/);
    assert.equal(top.heading, 'Volcanoes > Eruptions');
    assert.ok(top.line! > 1);
    const source = await readFile(top.path, 'utf8');
    assert.equal(source.slice(top.start, top.end), top.text);
    assert.ok(r.passages.every((p, i) => i === 0 || p.score <= r.passages[i - 1]!.score));
    assert.ok(r.passages.every((p) => p.retrievalRank >= 1 && Number.isFinite(p.score) && Number.isFinite(p.retrievalScore)));
    assert.ok(r.timings.rerankMs > 0 && r.timings.embedMs > 0);
    // without the blend the score is the cross-encoder's probability
    // (the evaluation's knob, which the CLI passes through; the IPC contract does not carry it)
    const unblended = { question: 'How do explosive volcanic eruptions happen?', rerank: true, rerankBlend: 0 };
    const plain = await engine.ask(unblended);
    assert.ok(plain.passages.every((p) => p.score >= 0 && p.score <= 1));
  });

  test('a misspelled question is searched as the library spells it; as typed on request', async () => {
    const r = await engine.ask({ question: 'Why does sourdogh rise?', mode: 'lexical', rerank: false });
    assert.equal(r.question, 'Why does sourdogh rise?');
    assert.equal(r.correctedQuestion, 'Why does sourdough rise?');
    assert.equal(basename(r.passages[0]?.path ?? ''), 'bread.txt');
    const typed = await engine.ask({ question: 'Why does sourdogh rise?', mode: 'lexical', rerank: false, spelling: false });
    assert.equal(typed.correctedQuestion, undefined);
    const right = await engine.ask({ question: 'Why does sourdough rise?', rerank: false });
    assert.equal(right.correctedQuestion, undefined, 'nothing to correct');
    const before = await engine.ask({ question: 'Sicillian Defence', mode: 'lexical', rerank: false });
    assert.equal(before.correctedQuestion, 'Sicilian Defence');
    // an English word the library lacks is taken as meant, not turned into its indexed neighbour ("lava")
    const word = await engine.ask({ question: 'What do larva eat?', mode: 'lexical', rerank: false });
    assert.equal(word.correctedQuestion, undefined);
  });

  test('a cancelled question stops with CANCELLED (before it starts, or at its next stage) and the engine answers the next one', async () => {
    const q = { question: 'How do explosive volcanic eruptions happen?', rerank: true };
    await assert.rejects(engine.ask(q, AbortSignal.abort()), (err: ParascopeError) => err.code === 'CANCELLED');
    const ac = new AbortController();
    const asked = engine.ask(q, ac.signal);
    setImmediate(() => ac.abort()); // while the question is embedded or its candidates re-ranked
    await assert.rejects(asked, (err: ParascopeError) => err.code === 'CANCELLED');
    const r = await engine.ask(q);
    assert.equal(r.passages.length, 5);
  });

  test('each passage carries a calibrated relevance; a question nothing answers says so', async () => {
    const r = await engine.ask({ question: 'How do explosive volcanic eruptions happen?', rerank: true });
    assert.equal(r.noGoodMatch, false);
    assert.ok(r.passages.every((p) => p.relevance >= 0 && p.relevance <= 1 && p.cosine >= -1 && p.cosine <= 1));
    const top = r.passages[0]!;
    assert.ok(top.relevance > 0.5, `the answer is likely relevant (${top.relevance})`);
    const cal = calibrationFor('all-MiniLM-L6-v2', 'parascope-reranker-minilm');
    const all = await engine.ask({ question: 'How do explosive volcanic eruptions happen?', rerank: true, top: 50 }); // every candidate
    const maxCosine = Math.max(...all.passages.map((p) => p.cosine));
    const expected = inRankOrder(r.passages.map((p) => relevance({ rerank: p.rerankScore!, cosine: p.cosine, maxCosine }, cal)));
    r.passages.forEach((p, i) =>
      assert.ok(
        Math.abs(p.relevance - expected[i]!) < 1e-9,
        `the fitted function, as in the evaluation: ${p.relevance} ${expected[i]}`,
      ),
    );
    r.passages
      .slice(1)
      .forEach((p, i) => assert.ok(p.relevance <= r.passages[i]!.relevance, 'never likelier than a passage above it'));
    for (const q of ['xqzv plorkk', 'Who won the football world cup in 1998?']) {
      const none = await engine.ask({ question: q, rerank: true });
      assert.equal(none.noGoodMatch, true, `${q}: best relevance ${Math.max(...none.passages.map((p) => p.relevance))}`);
    }
    const plain = await engine.ask({ question: 'How do explosive volcanic eruptions happen?', rerank: false });
    assert.equal(plain.noGoodMatch, false);
    assert.ok(plain.passages.every((p) => p.rerankScore === undefined && p.relevance >= 0 && p.relevance <= 1));
  });

  test('a PDF passage knows its page', async () => {
    const r = await engine.ask({
      question: 'Who is mentioned on page two? the harbour master',
      mode: 'hybrid',
      top: 10,
      rerank: true,
    });
    const pdf = r.passages.find((p) => basename(p.path) === 'two-pages.pdf' && /harbour/.test(p.text));
    assert.equal(pdf?.page, 2);
  });

  test('a preview shows a PDF passage on its page, marked, and a text passage in the file with next and previous', async () => {
    const r = await engine.ask({
      question: 'Who is mentioned on page two? the harbour master',
      mode: 'hybrid',
      top: 10,
      rerank: true,
    });
    const pdf = r.passages.find((p) => basename(p.path) === 'two-pages.pdf' && /harbour/.test(p.text))!;
    const page = await engine.preview({ path: pdf.path, start: pdf.start });
    assert.equal(page.kind, 'page');
    if (page.kind !== 'page') return;
    assert.equal(page.page, 2);
    assert.equal(page.pages, 2);
    assert.ok(page.marked, 'the passage is marked on the page');
    assert.match(page.image, /^data:image\/png;base64,iVBORw0KGgo/);
    assert.equal(page.passages[page.current]?.page, 2);

    const md =
      r.passages.find((p) => basename(p.path) === 'volcanoes.md') ??
      (await engine.ask({ question: 'Where do most volcanoes form?' })).passages[0]!;
    const text = await engine.preview({ path: md.path, start: md.start });
    assert.equal(text.kind, 'text');
    if (text.kind !== 'text') return;
    assert.equal(text.text, await readFile(md.path, 'utf8'), 'a Markdown file is shown as its source');
    const shown = text.passages[text.current]!;
    assert.equal(text.text.slice(shown.start - text.offset, shown.end - text.offset), md.text);
    assert.ok(
      text.passages.length >= 2 && text.passages.every((p, i) => i === 0 || p.start > text.passages[i - 1]!.start),
      'passages in reading order',
    );

    await assert.rejects(engine.preview({ path: join(tmpdir(), 'elsewhere.txt') }), (e: unknown) => e instanceof ParascopeError);
  });
});

describe('incremental re-index', () => {
  test('an unchanged folder re-embeds nothing and keeps the same chunk ids', async () => {
    const before = await chunkIds();
    const s = await engine.index([root]);
    assert.equal(s.indexed, 0);
    assert.equal(s.chunks, 0);
    assert.ok(s.unchanged >= 9);
    assert.deepEqual(await chunkIds(), before);
  });

  test('a touched but identical file is recognised by its hash', async () => {
    const p = join(root, 'bread.txt');
    await writeFile(p, await readFile(p));
    const s = await engine.index([root]);
    assert.equal(s.indexed, 0);
  });

  test('a changed file is re-embedded alone and its old text disappears', async () => {
    const before = await chunkIds();
    await writeFile(
      join(root, 'bread.txt'),
      DOCS['bread.txt']!.replace('razor', 'lame').concat(
        '\n\nRye flour absorbs more water than wheat flour and makes a denser crumb.',
      ),
    );
    const s = await engine.index([root]);
    assert.equal(s.indexed, 1);
    const after = await chunkIds();
    const kept = before.filter((id) => after.includes(id));
    assert.ok(kept.length >= before.length - 3, 'chunks of other files keep their ids');
    const r = await engine.ask({ question: 'razor', mode: 'lexical', rerank: false });
    assert.ok(!r.passages.some((p) => p.text.includes('razor')), 'old text is gone');
    const rye = await engine.ask({ question: 'Which flour absorbs more water?', rerank: false });
    assert.match(rye.passages[0]!.text, /Rye flour/);
    // the words a question is corrected against follow the index
    const typo = await engine.ask({ question: 'Which flour absrobs more water?', rerank: false });
    assert.equal(typo.correctedQuestion, 'Which flour absorbs more water?');
  });

  test('a deleted file loses its chunks', async () => {
    await unlink(join(root, 'chess.rst'));
    const s = await engine.index([root]);
    assert.equal(s.removed, 1);
    const r = await engine.ask({ question: 'Sicilian Defence', mode: 'lexical', rerank: false });
    assert.ok(!r.passages.some((p) => p.path.endsWith('chess.rst')));
    const typo = await engine.ask({ question: 'Sicillian Defence', mode: 'lexical', rerank: false });
    assert.equal(typo.correctedQuestion, undefined, 'a word no longer indexed is no correction');
  });

  test('a file that starts failing keeps what was indexed', async () => {
    // damaged UTF-8: good accents, then bytes that are not UTF-8
    await appendFile(
      join(root, 'bread.txt'),
      Buffer.concat([Buffer.from('Crème brûlée, café. '), Buffer.from([0xc3, 0x28, 0xa0, 0xa1])]),
    );
    const s = await engine.index([root]);
    const bread = s.problems.find((p) => p.path.endsWith('bread.txt'));
    assert.equal(bread?.state, 'failed');
    const r = await engine.ask({ question: 'Which flour absorbs more water?', rerank: false });
    assert.match(r.passages[0]!.text, /Rye flour/);
  });
});

describe('errors the user can act on', () => {
  test('asking an empty library says to add a folder', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'parascope-empty-'));
    const e = await Engine.open({ dataDir: empty, modelsDir, providers: ['cpu'] });
    try {
      await assert.rejects(
        e.ask({ question: 'anything' }),
        (err: ParascopeError) => err.code === 'NO_INDEX' && /add a folder/.test(err.message),
      );
      await assert.rejects(e.index([join(empty, 'nope')]), (err: ParascopeError) => err.code === 'NOT_FOUND');
    } finally {
      await e.close();
      await rm(empty, { recursive: true, force: true });
    }
  });

  test('an index built with another model asks for an explicit rebuild', async () => {
    const catalogPath = join(dataDir, 'catalog.json');
    const original = await readFile(catalogPath, 'utf8');
    const data = JSON.parse(original);
    data.identity.embeddingModel = 'some-other-model';
    await writeFile(catalogPath, JSON.stringify(data));
    try {
      await assert.rejects(
        engine.ask({ question: 'volcano' }),
        (err: ParascopeError) => err.code === 'INDEX_MISMATCH' && /--rebuild/.test(err.message),
      );
      await assert.rejects(engine.index([root]), (err: ParascopeError) => err.code === 'INDEX_MISMATCH');
    } finally {
      await writeFile(catalogPath, original);
    }
  });

  test('an index built by another chunker still answers, and the next index run re-chunks every file', async () => {
    const catalogPath = join(dataDir, 'catalog.json');
    const data = JSON.parse(await readFile(catalogPath, 'utf8'));
    data.identity.chunkerVersion = 'para-v0';
    await writeFile(catalogPath, JSON.stringify(data));
    const before = await engine.ask({ question: 'volcano' });
    assert.ok(before.passages.length > 0);
    const summary = await engine.index([root]);
    assert.equal(summary.unchanged, 0);
    assert.ok(summary.indexed > 0);
    assert.equal(JSON.parse(await readFile(catalogPath, 'utf8')).identity.chunkerVersion, 'para-v3');
  });

  test('files outside the added folders are refused', async () => {
    await assert.rejects(engine.resolveUserPath('/etc/passwd'), (err: ParascopeError) => err.code === 'FORBIDDEN');
    assert.equal(await engine.resolveUserPath(join(root, 'volcanoes.md')), join(root, 'volcanoes.md'));
  });
});

test('removing the folder removes its chunks', async () => {
  const { removed } = await engine.removeFolder({ path: root });
  assert.ok(removed > 0);
  assert.equal((await engine.status()).folders.length, 0);
  assert.deepEqual(await chunkIds(), []);
});
