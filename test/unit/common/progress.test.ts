// The bars of the window and the CLI: files done, moved on by the share of a long call to the embedder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filesShown } from '../../../src-main/common/progress.js';
import type { IndexProgress } from '../../../src-main/common/types.js';

const at: IndexProgress = {
  phase: 'indexing',
  root: '/docs',
  filesTotal: 10,
  filesDone: 4,
  chunksDone: 0,
  chunksPerSecond: 0,
  etaSeconds: null,
  currentFile: null,
};

test('files shown: the files done, plus the share of the running call to the embedder', () => {
  assert.equal(filesShown(at), 4);
  assert.equal(filesShown({ ...at, embedding: { done: 250, total: 1000, files: 2 } }), 4.5);
  assert.equal(filesShown({ ...at, embedding: { done: 0, total: 0, files: 0 } }), 4);
});
