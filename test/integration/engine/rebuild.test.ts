// A change of embedding model (issue 15), on the real engine, models and LanceDB: the new index is built beside the
// live one, which keeps answering questions; it moves in when complete, with the model saved; Cancel drops it and
// changes nothing; the settings refuse a model change that would leave the library unsearchable.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ParascopeError } from '../../../src-main/common/errors.js';
import type { IndexProgress } from '../../../src-main/common/types.js';
import { Engine } from '../../../src-main/core/engine.js';
import { SECOND_MODEL, twoModelsDir } from '../../support/two-models.js';

const FILES = 120;
let tmp: string;
let docs: string;
let modelsDir: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-rebuild-'));
  modelsDir = await twoModelsDir(tmp);
  docs = join(tmp, 'docs');
  await mkdir(docs);
  for (let i = 0; i < FILES; i++)
    await writeFile(
      join(docs, `note-${i}.txt`),
      `Note ${i} is about the number ${i}.\n\nThe ferry to island ${i} leaves at ${i % 12} o'clock from pier ${i % 7}.\n`,
    );
  await writeFile(join(docs, 'tides.txt'), 'Tides rise and fall twice a day because of the pull of the moon.\n');
});
after(() => rm(tmp, { recursive: true, force: true }));

const open = (name: string): Promise<Engine> => Engine.open({ dataDir: join(tmp, name), modelsDir, providers: ['cpu'] });

/** Resolves at the first progress of a rebuild that has embedded at least one file. */
function rebuilding(engine: Engine): Promise<IndexProgress> {
  return new Promise((resolve) => {
    const off = engine.on('progress', (p) => {
      if (p.rebuild && p.filesDone > 0) {
        off();
        resolve(p);
      }
    });
  });
}

test('another embedding model: built beside the live index, which answers meanwhile, and moved in when complete', async () => {
  const dataDir = join(tmp, 'change');
  const engine = await open('change');
  try {
    const first = await engine.addFolders({ paths: [docs] });
    assert.equal(first.indexed, FILES + 1);
    await assert.rejects(
      engine.setSettings({ embeddingModel: SECOND_MODEL }),
      (e: ParascopeError) => e.code === 'BAD_REQUEST' && /indexes every folder again/.test(e.message),
      'a bare setting change would leave the library unsearchable',
    );

    const started = rebuilding(engine);
    const rebuild = engine.rebuildIndex({ embeddingModel: SECOND_MODEL });
    const p = await started;
    assert.equal(p.rebuild, SECOND_MODEL);
    // meanwhile: the live index answers, with the old model, and says a rebuild runs
    const during = await engine.ask({ question: 'Why do tides rise and fall?', rerank: false });
    assert.equal(during.passages[0]?.path, join(docs, 'tides.txt'));
    const mid = await engine.status();
    assert.equal(mid.rebuilding, SECOND_MODEL, 'the question was answered while the rebuild ran');
    assert.equal(mid.indexing, true);
    assert.equal(mid.embeddingModel, 'all-MiniLM-L6-v2');
    assert.equal(mid.chunks, first.chunks, 'the live index is untouched');
    assert.equal((await engine.getSettings()).embeddingModel, 'all-MiniLM-L6-v2');
    assert.ok(existsSync(join(dataDir, 'rebuild', 'lancedb')), 'the new index is written beside the live one');

    const summary = await rebuild;
    assert.equal(summary.cancelled, false);
    assert.equal(summary.indexed, FILES + 1, 'every file embedded with the new model');
    const s = await engine.status();
    assert.equal(s.embeddingModel, SECOND_MODEL);
    assert.equal(s.rebuilding, null);
    assert.equal(s.chunks, first.chunks);
    assert.equal((await engine.getSettings()).embeddingModel, SECOND_MODEL);
    const catalog = JSON.parse(await readFile(join(dataDir, 'catalog.json'), 'utf8'));
    assert.equal(catalog.identity.embeddingModel, SECOND_MODEL);
    for (const left of ['rebuild', 'rebuild-old', 'rebuild-done']) assert.ok(!existsSync(join(dataDir, left)), left);
    const after = await engine.ask({ question: 'Why do tides rise and fall?' });
    assert.equal(after.passages[0]?.path, join(docs, 'tides.txt'));
    assert.deepEqual(await engine.check(), {
      orphanRows: 0,
      duplicateRows: 0,
      mismatchedFiles: 0,
      droppedRecords: 0,
      rebuilt: false,
      reindexed: 0,
    });
  } finally {
    await engine.close();
  }
  const again = await open('change');
  try {
    assert.equal((await again.getSettings()).embeddingModel, SECOND_MODEL, 'the model was saved with the swap');
    assert.equal((await again.ask({ question: 'ferry to island 7', rerank: false })).passages.length > 0, true);
  } finally {
    await again.close();
  }
});

test('Cancel drops a rebuild: the live index, its model and settings are as they were', async () => {
  const dataDir = join(tmp, 'cancel');
  const engine = await open('cancel');
  try {
    const first = await engine.addFolders({ paths: [docs] });
    const started = rebuilding(engine);
    const rebuild = engine.rebuildIndex({ embeddingModel: SECOND_MODEL });
    await started;
    assert.deepEqual(await engine.cancelIndex(), { cancelled: true });
    const summary = await rebuild;
    assert.equal(summary.cancelled, true);
    assert.ok(!existsSync(join(dataDir, 'rebuild')), 'the half-built index is deleted');
    const s = await engine.status();
    assert.deepEqual([s.embeddingModel, s.chunks, s.rebuilding, s.indexing], ['all-MiniLM-L6-v2', first.chunks, null, false]);
    assert.equal((await engine.getSettings()).embeddingModel, 'all-MiniLM-L6-v2');
    assert.equal((await engine.ask({ question: 'tides and the moon', rerank: false })).passages.length > 0, true);
  } finally {
    await engine.close();
  }
});

test('an empty library takes another embedding model at once, and indexes with it', async () => {
  const engine = await open('empty');
  try {
    await engine.addFolders({ paths: [docs] });
    await engine.removeFolder({ path: docs });
    await engine.setSettings({ embeddingModel: SECOND_MODEL });
    await assert.rejects(engine.rebuildIndex({}), (e: ParascopeError) => e.code === 'NO_INDEX');
    const again = await engine.addFolders({ paths: [docs] });
    assert.equal(again.indexed, FILES + 1);
    assert.equal((await engine.status()).embeddingModel, SECOND_MODEL);
  } finally {
    await engine.close();
  }
});
