// End to end through the `parascope` command: index real documents (one file per held-out SQuAD
// article), ask real questions with `ask --questions --json`, and check the paragraph holding the
// answer is among the five passages shown.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const repo = join(import.meta.dirname, '..', '..', '..');
const SQUAD = process.env['PARASCOPE_SQUAD'] ?? join(repo, '..', 'shared', 'data', 'squad-v1.1-dev', 'dev-v1.1.json');
const QUESTIONS_PER_ARTICLE = 6;

interface Article {
  title: string;
  paragraphs: { context: string; qas: { question: string }[] }[];
}

let docs: string;
let dataDir: string;
const expected: { file: string; start: number; end: number }[] = [];
const questions: string[] = [];

function cli(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'parascope.mjs'), ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    input,
    env: { ...process.env, PARASCOPE_PROVIDERS: 'cpu' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  docs = await mkdtemp(join(tmpdir(), 'parascope-squad-docs-'));
  dataDir = await mkdtemp(join(tmpdir(), 'parascope-squad-data-'));
  const split = JSON.parse(await readFile(join(repo, 'test', 'fixtures', 'squad-split.json'), 'utf8')) as { heldout: string[] };
  const data = JSON.parse(await readFile(SQUAD, 'utf8')) as { data: Article[] };
  for (const article of data.data.filter((a) => split.heldout.includes(a.title))) {
    const file = join(docs, `${article.title}.txt`);
    let offset = 0;
    const parts: string[] = [];
    article.paragraphs.forEach((p, i) => {
      const start = offset;
      parts.push(p.context);
      offset += p.context.length + 2;
      // a few questions per article, spread over its paragraphs
      if (i % Math.ceil(article.paragraphs.length / QUESTIONS_PER_ARTICLE) === 0 && p.qas[0]) {
        questions.push(p.qas[0].question.replace(/\s+/g, ' ').trim());
        expected.push({ file, start, end: start + p.context.length });
      }
    });
    await writeFile(file, parts.join('\n\n'));
  }
});

after(async () => {
  await rm(docs, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

test('index, then answer held-out SQuAD questions with the answer paragraph in the top 5', { timeout: 900_000 }, async () => {
  const idx = cli(['index', docs]);
  assert.equal(idx.status, 0, idx.stderr);
  assert.match(idx.stdout, /12 indexed, 0 unchanged, 0 skipped, 0 failed/);
  assert.match(idx.stderr, /chunks\/s/);

  const status = JSON.parse(cli(['status', '--json']).stdout);
  assert.equal(status.folders.length, 1);
  assert.ok(status.chunks > 300);
  // threads sized to the machine, and said: all its cores for the models, one or two parse workers beside them
  assert.equal(status.threads.models, Number(process.env['PARASCOPE_THREADS']) || availableParallelism());
  assert.ok([1, 2].includes(status.threads.parseWorkers), JSON.stringify(status.threads));
  assert.match(cli(['status']).stdout, /^Device: cpu \(int8\); \d+ threads? for the models, [12] parse workers?$/m);

  const qfile = join(dataDir, 'questions.txt');
  await writeFile(qfile, questions.join('\n') + '\n');
  const r = cli(['ask', '--questions', qfile, '--json', '--candidates', '30']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'which models load on which device is said only with --verbose');
  const verbose = cli(['ask', questions[0]!, '--top', '1', '--verbose']);
  assert.equal(verbose.status, 0, verbose.stderr);
  assert.match(verbose.stderr, /^parascope: embedding model all-MiniLM-L6-v2 on cpu \(int8\)$/m);
  assert.match(verbose.stderr, /^parascope: re-ranking model parascope-reranker-minilm on cpu \(int8\)$/m);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, questions.length);
  let hits = 0;
  lines.forEach((res, i) => {
    assert.equal(res.question, questions[i]);
    assert.equal(res.passages.length, 5);
    const want = expected[i]!;
    if (
      res.passages.some(
        (p: { path: string; start: number; end: number }) => p.path === want.file && p.start < want.end && p.end > want.start,
      )
    )
      hits++;
    for (const k of ['embedMs', 'searchMs', 'rerankMs']) assert.equal(typeof res.timings[k], 'number');
    assert.ok(res.passages.every((p: { retrievalRank: number }) => p.retrievalRank >= 1));
  });
  const share = hits / lines.length;
  // the default pipeline (all-MiniLM-L6-v2 + BM25 fused, then the bundled re-ranker): R@5 96% on the held-out
  // SQuAD test slice (docs/quality.md); 0.75 leaves room for this smaller question set
  assert.ok(share >= 0.75, `answer paragraph in top 5 for ${hits}/${lines.length} questions`);
});

test('one question with --json prints exactly one object with located passages, re-ranked on request', () => {
  const dense = cli(['ask', questions[0]!, '--json', '--no-rerank', '--mode', 'dense']);
  assert.equal(dense.status, 0, dense.stderr);
  assert.equal(JSON.parse(dense.stdout).timings.rerankMs, 0);
  const r = cli(['ask', questions[0]!, '--json', '--rerank', '--candidates', '10']);
  assert.equal(r.status, 0, r.stderr);
  const obj = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(obj).sort(), ['noGoodMatch', 'passages', 'question', 'timings']);
  assert.equal(obj.noGoodMatch, false, 'a held-out SQuAD question over its own articles has a good match');
  assert.ok(obj.timings.rerankMs > 0);
  const p = obj.passages[0];
  for (const k of [
    'path',
    'text',
    'score',
    'relevance',
    'page',
    'line',
    'start',
    'end',
    'retrievalRank',
    'retrievalScore',
    'cosine',
    'rerankScore',
  ])
    assert.ok(k in p, k);
  assert.ok(p.relevance >= 0 && p.relevance <= 1);
  const text = cli(['ask', 'xqzv plorkk', '--rerank']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout.split('\n')[0]!, /^No good match in your documents; the closest passages:$/);
});

test('user errors are one line and a non-zero exit, never a stack trace', async () => {
  const missing = cli(['index', join(docs, 'no-such-folder')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^parascope: Folder .*no-such-folder does not exist\.$/m);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);

  const badMode = cli(['ask', 'x', '--mode', 'fuzzy']);
  assert.equal(badMode.status, 2);
  assert.match(badMode.stderr, /--mode must be dense, lexical or hybrid/);

  for (const [flag, value, message] of [
    ['--top', '2.5', /--top must be a whole number from 1 to 50\./],
    ['--candidates', '', /--candidates must be a whole number/],
    ['--rerank-blend', '101', /--rerank-blend must be a number from 0 to 100\./],
  ] as const) {
    const bad = cli(['ask', 'x', flag, value]);
    assert.equal(bad.status, 2, `${flag} ${value}`);
    assert.match(bad.stderr, message);
  }

  const unknown = cli(['frobnicate']);
  assert.equal(unknown.status, 2);

  const notAdded = cli(['remove', '/definitely/not/added']);
  assert.equal(notAdded.status, 1);
  assert.match(notAdded.stderr, /is not a folder in the library/);
});
