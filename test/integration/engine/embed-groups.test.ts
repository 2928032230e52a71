// Parsed files are embedded together (IndexingService: the next files in order, in one call): every stored vector
// must still be its own passage's, with files that fail or are skipped in between, and the same files must give the
// same vectors however the parses finish. Real models, a real parser pool, a real LanceDB.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Engine } from '../../../src-main/core/engine.js';
import { OnnxEmbedder } from '../../../src-main/core/embed/onnx-embedder.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';
import * as lancedb from '@lancedb/lancedb';
import type { PrepareFile } from '../../../src-main/core/file-prepare.js';
import { IndexingService } from '../../../src-main/core/indexing-service.js';
import { createPreparer } from '../../../src-main/core/prepare.js';
import { Catalog } from '../../../src-main/core/store/catalog.js';
import { LanceStore } from '../../../src-main/core/store/lance-store.js';
import { TABLE } from '../../../src-main/core/store/lance-table.js';

// each island's passages differ by more than its name, so every passage has a clearly nearest vector
const GOODS = ['lamp oil', 'rope', 'flour', 'tar', 'candles', 'nails', 'coal', 'salt', 'paint', 'sailcloth', 'tea', 'rum'];
const ISLANDS = ['Arran', 'Bute', 'Coll', 'Eigg', 'Harris', 'Islay', 'Jura', 'Lewis', 'Mull', 'Rum', 'Skye', 'Tiree'];
let tmp = '';
after(() => rm(tmp, { recursive: true, force: true }));

test('files embedded together: each stored vector is its own passage, with problem files between them', async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-embed-groups-'));
  const docs = join(tmp, 'docs');
  await mkdir(docs);
  for (const [i, island] of ISLANDS.entries()) {
    await writeFile(
      join(docs, `${String(i).padStart(2, '0')}-${island}.md`),
      `# ${island}\n\nThe ferry to ${island} sails at ${6 + i} o'clock and carries ${GOODS[(i + 5) % GOODS.length]}.\n\n## Stores\n\nOn ${island} the keeper keeps ${i + 2} barrels of ${GOODS[i]} for the winter.\n`,
    );
    // a broken PDF and an empty file between them: no chunks, but parsed in the same groups
    if (i === 3) await writeFile(join(docs, '03b-broken.pdf'), '%PDF-1.4\nnot a PDF at all\n');
    if (i === 7) await writeFile(join(docs, '07b-empty.txt'), '');
  }
  const dataDir = join(tmp, 'data');
  const engine = await Engine.open({ dataDir, modelsDir: defaultModelsDir(), providers: ['cpu'] });
  const pathOf = (i: number): string => join(docs, `${String(i).padStart(2, '0')}-${ISLANDS[i]}.md`);
  try {
    const s = await engine.addFolders({ paths: [docs] });
    assert.equal(s.indexed, ISLANDS.length, JSON.stringify(s.problems));
    assert.ok(s.embedSeconds > 0 && s.embedSeconds <= s.seconds, `time inside the embedder: ${s.embedSeconds} of ${s.seconds} s`);
    assert.deepEqual(s.problems.map((p) => [p.state, p.path.slice(docs.length + 1)]).sort(), [
      ['failed', '03b-broken.pdf'],
      ['skipped', '07b-empty.txt'],
    ]);
  } finally {
    await engine.close();
  }
  const store = await LanceStore.open(join(dataDir, 'lancedb'), 384);
  const embedder = await OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir: defaultModelsDir(), providers: ['cpu'] });
  try {
    // int8 activations are quantised per batch, so a vector depends a little on its batch-mates (cosine ~0.99 to the
    // same text embedded alone): each stored vector must be nearer its own passage than any other passage
    const chunks = (await Promise.all(ISLANDS.map((_, i) => store.fileChunks(pathOf(i))))).flat();
    assert.ok(chunks.length >= 2 * ISLANDS.length, `${chunks.length} chunks`);
    const vectors = await embedder.embedDocuments(chunks.map((c) => c.text));
    const ids = chunks.map((c) => c.id);
    for (const [k, c] of chunks.entries()) {
      const cos = await store.cosines(ids, vectors[k]!);
      const nearest = [...cos].sort((a, b) => b[1] - a[1])[0]!;
      assert.equal(nearest[0], c.id, `the stored vector nearest "${c.text}" is its own (${nearest[1]})`);
    }
  } finally {
    await store.close();
    await embedder.dispose();
  }
});

test('an index built twice holds the same vectors, however fast each file was parsed', async () => {
  // int8 activations are quantised per batch, so a vector depends on its batch-mates: the groups of files embedded
  // together must follow the files' order, never which parses happened to finish first
  const dir = await mkdtemp(join(tmpdir(), 'parascope-embed-same-'));
  const docs = join(dir, 'docs');
  await mkdir(docs);
  for (const [i, island] of ISLANDS.entries()) {
    const paragraphs = Array.from(
      { length: 1 + (i % 4) },
      (_, p) =>
        `## ${GOODS[(i + p) % GOODS.length]}\n\n` +
        `On ${island} the ${GOODS[(i + p) % GOODS.length]} is kept in ${p + 2} sheds. `.repeat(1 + ((i * 7 + p * 3) % 9)),
    );
    await writeFile(join(docs, `${String(i).padStart(2, '0')}-${island}.md`), `# ${island}\n\n${paragraphs.join('\n\n')}\n`);
  }
  const embedder = await OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir: defaultModelsDir(), providers: ['cpu'] });
  const preparer = await createPreparer(defaultModelsDir(), 'all-MiniLM-L6-v2', embedder);
  const build = async (name: string, prefetch: number, seed: number): Promise<Map<string, Buffer>> => {
    const dataDir = join(dir, name);
    await mkdir(dataDir);
    const store = await LanceStore.open(join(dataDir, 'lancedb'), embedder.dim);
    const catalog = await Catalog.load(dataDir);
    let s = seed;
    const delay = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % 40); // a different order of finishing
    const prepare: PrepareFile = async (path) => {
      await new Promise((r) => setTimeout(r, delay()));
      return preparer.prepare(path);
    };
    try {
      const summary = await new IndexingService(store, catalog, embedder, prepare).index([docs], {
        excludes: [],
        maxFileBytes: 1 << 20,
        prefetch,
        embedChunks: 12,
      });
      assert.equal(summary.indexed, ISLANDS.length, JSON.stringify(summary.problems));
    } finally {
      await store.close();
    }
    const table = await (await lancedb.connect(join(dataDir, 'lancedb'))).openTable(TABLE);
    const rows = (await table.query().select(['id', 'vector']).toArray()) as Array<{
      id: string;
      vector: { toArray(): Float32Array };
    }>;
    return new Map(rows.map((r) => [r.id, Buffer.from(Float32Array.from(r.vector.toArray()).buffer)]));
  };
  try {
    const a = await build('a', 32, 1);
    const b = await build('b', 2, 7);
    assert.ok(a.size > 2 * ISLANDS.length, `${a.size} passages`);
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
    const differ = [...a].filter(([id, v]) => !v.equals(b.get(id)!)).length;
    assert.equal(differ, 0, `${differ} of ${a.size} vectors differ between the two builds`);
  } finally {
    await preparer.close();
    await embedder.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});
