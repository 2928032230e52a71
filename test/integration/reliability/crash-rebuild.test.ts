// Crash trials for a rebuild with another embedding model (issue 15), with the real CLI killed by SIGKILL at each
// step (PARASCOPE_FAULT): while the new index is written, after it is marked complete, and between the moves of the
// swap. Whatever the moment, the next process answers a question right, from one whole index (the old one before
// the swap, the new one once it began), the swap completes without a rebuild's worth of work, an interrupted
// rebuild resumes (from the CLI, and by itself when the app starts), and the library equals a clean one's.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Engine } from '../../../src-main/core/engine.js';
import { SECOND_MODEL, twoModelsDir } from '../../support/two-models.js';
import { chunkIds, cli } from './cli.js';

const OLD = 'all-MiniLM-L6-v2';
let tmp: string;
let docs: string;
let modelsDir: string;
let base: string; // a data dir with docs indexed with OLD
let ref: string[];

const run = (args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}) =>
  cli([...args, '--data-dir', dataDir, '--models-dir', modelsDir], { env: { PARASCOPE_PROVIDERS: 'cpu', ...env } });

async function statusOf(dataDir: string): Promise<{ embeddingModel: string; chunks: number; files: number }> {
  const r = await run(['status', '--json', '--quiet'], dataDir);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { embeddingModel: string; chunks: number; files: number };
}

/** A question answered right from whichever index is whole. */
async function answers(dataDir: string, label: string): Promise<void> {
  const r = await run(['ask', 'Why do tides rise and fall?', '--json', '--quiet', '--no-rerank'], dataDir);
  assert.equal(r.code, 0, `${label}: ${r.stderr}`);
  const top = (JSON.parse(r.stdout) as { passages: { path: string }[] }).passages[0];
  assert.equal(top?.path, join(docs, 'tides.txt'), `${label}: the right answer at rank 1`);
}

/** Rebuilt with SECOND_MODEL, equal to a clean library, nothing to repair, nothing left beside it. */
async function assertRebuilt(dataDir: string, label: string): Promise<void> {
  const s = await statusOf(dataDir);
  assert.equal(s.embeddingModel, SECOND_MODEL, `${label}: the new model in use`);
  assert.deepEqual(await chunkIds(dataDir), ref, `${label}: the same chunks as a clean index`);
  assert.equal(s.chunks, ref.length, `${label}: status agrees with the table`);
  const check = await run(['check', '--json', '--quiet'], dataDir);
  assert.deepEqual(
    JSON.parse(check.stdout),
    { orphanRows: 0, duplicateRows: 0, mismatchedFiles: 0, droppedRecords: 0, rebuilt: false, reindexed: 0 },
    `${label}: nothing to repair`,
  );
  for (const left of ['rebuild', 'rebuild-old', 'rebuild-done'])
    assert.ok(!existsSync(join(dataDir, left)), `${label}: ${left} is gone`);
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-crash-rebuild-'));
  modelsDir = await twoModelsDir(tmp);
  docs = join(tmp, 'docs');
  await mkdir(docs);
  for (let i = 0; i < 60; i++)
    await writeFile(
      join(docs, `note-${String(i).padStart(2, '0')}.md`),
      `# Note ${i}\n\n${`The ferry to island ${i} leaves from pier ${i % 7} every morning. `.repeat(6)}\n`,
    );
  await writeFile(join(docs, 'tides.txt'), 'Tides rise and fall twice a day because of the pull of the moon.\n');
  base = join(tmp, 'base');
  const r = await run(['index', docs, '--json', '--quiet'], base);
  assert.equal(r.code, 0, r.stderr);
  ref = await chunkIds(base);
  assert.ok(ref.length > 60);
});
after(() => rm(tmp, { recursive: true, force: true }));

for (const point of [
  'rebuild:marked-complete',
  'rebuild:moved-lancedb',
  'rebuild:moved-catalog.json',
  'rebuild:settings-saved',
]) {
  test(`kill -9 during the swap (${point}): the next question finishes it and reads the new index`, async () => {
    const dataDir = join(tmp, `t-${point.replace(/\W/g, '-')}`);
    await cp(base, dataDir, { recursive: true });
    const r = await run(['rebuild', '--embedding-model', SECOND_MODEL, '--quiet'], dataDir, { PARASCOPE_FAULT: point });
    assert.equal(r.signal, 'SIGKILL', `killed at ${point}: ${r.stderr}`);
    await answers(dataDir, point);
    await assertRebuilt(dataDir, point);
  });
}

test('kill -9 while the new index is written: the old one answers, and the rebuild resumes (CLI, then app start)', async () => {
  for (const face of ['cli', 'app'] as const) {
    const dataDir = join(tmp, `t-indexing-${face}`);
    await cp(base, dataDir, { recursive: true });
    const r = await run(['rebuild', '--embedding-model', SECOND_MODEL, '--quiet'], dataDir, {
      PARASCOPE_FAULT: 'rebuild:indexing',
    });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.ok(existsSync(join(dataDir, 'rebuild')), 'the half-built index is kept to resume');
    await answers(dataDir, `${face}: before resuming`);
    const s = await statusOf(dataDir);
    assert.deepEqual([s.embeddingModel, s.chunks], [OLD, ref.length], 'the live index is untouched');
    if (face === 'cli') {
      const again = await run(['rebuild', '--embedding-model', SECOND_MODEL], dataDir);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /resuming the rebuild of the index with minilm-b/);
    } else {
      // the long-running faces resume it at start-up by themselves
      const engine = await Engine.open({ dataDir, modelsDir, providers: ['cpu'], watch: true });
      try {
        await new Promise<void>((resolve) => engine.on('library', (e) => e.reason === 'rebuilt' && resolve()));
      } finally {
        await engine.close();
      }
    }
    await answers(dataDir, `${face}: resumed`);
    await assertRebuilt(dataDir, `${face}: resumed`);
  }
});
