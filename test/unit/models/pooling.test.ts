import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pool, sigmoid, softmax } from '../../../src-main/core/models/pooling.js';

// batch 2, seq 3, dim 2; the second row has one padding token
const hidden = new Float32Array([1, 2, 3, 4, 5, 6, /* row 2 */ 2, 0, 4, 0, 100, 100]);
const mask = new Uint8Array([1, 1, 1, 1, 1, 0]);

test('mean pooling ignores padding', () => {
  const [a, b] = pool(hidden, mask, 2, 3, 2, 'mean', false);
  assert.deepEqual(Array.from(a!), [3, 4]);
  assert.deepEqual(Array.from(b!), [3, 0]);
});

test('cls, max and last-token pooling', () => {
  assert.deepEqual(Array.from(pool(hidden, mask, 2, 3, 2, 'cls', false)[1]!), [2, 0]);
  assert.deepEqual(Array.from(pool(hidden, mask, 2, 3, 2, 'max', false)[1]!), [4, 0]);
  assert.deepEqual(Array.from(pool(hidden, mask, 2, 3, 2, 'lasttoken', false)[1]!), [4, 0]);
});

test('normalize gives unit vectors', () => {
  const [a] = pool(hidden, mask, 2, 3, 2, 'mean', true);
  assert.ok(Math.abs(Math.hypot(a![0]!, a![1]!) - 1) < 1e-6);
  assert.ok(Math.abs(a![0]! - 0.6) < 1e-6);
});

test('sigmoid and softmax', () => {
  assert.equal(sigmoid(0), 0.5);
  const p = softmax([1, 1, 1]);
  assert.ok(p.every((x) => Math.abs(x - 1 / 3) < 1e-12));
  assert.ok(softmax([1000, 0])[0]! > 0.999);
});
