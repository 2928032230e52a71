import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityChange, modelMismatch } from '../../../src-main/core/index-identity.js';

const built = { embeddingModel: 'all-MiniLM-L6-v2', dim: 384, chunkerVersion: 'para-v1' };

test('an index differs by nothing, by its chunker (re-chunked on the next run) or by its model (explicit rebuild)', () => {
  assert.equal(identityChange(null, built), 'none');
  assert.equal(identityChange(built, { ...built }), 'none');
  assert.equal(identityChange(built, { ...built, chunkerVersion: 'para-v2' }), 'chunker');
  assert.equal(identityChange(built, { ...built, chunkerVersion: 'para-v2', embeddingModel: 'bge-small' }), 'model');
  assert.equal(identityChange(built, { ...built, dim: 768 }), 'model');
  const err = modelMismatch(built, { ...built, embeddingModel: 'bge-small' });
  assert.equal(err.code, 'INDEX_MISMATCH');
  assert.match(err.message, /all-MiniLM-L6-v2 \(384 dims\).*bge-small.*--rebuild/);
});
