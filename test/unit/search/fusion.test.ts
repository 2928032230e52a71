import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rrf } from '../../../src-main/core/search/fusion.js';

const ids = (xs: { id: string }[]): string[] => xs.map((x) => x.id);

test('an item ranked well in both lists beats one ranked first in only one', () => {
  const dense = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  const lexical = [{ id: 'd' }, { id: 'e' }, { id: 'b' }];
  const fused = rrf([dense, lexical], 60);
  assert.equal(fused[0]!.id, 'b');
  assert.equal(fused.length, 5);
  assert.ok(Math.abs(fused[0]!.fused - (1 / 62 + 1 / 63)) < 1e-12);
});

test('k controls how much the top ranks dominate', () => {
  const l1 = [{ id: 'x' }, { id: 'z' }, { id: 'y' }];
  const l2 = [{ id: 'z' }, { id: 'q' }, { id: 'r' }, { id: 'y' }];
  // with k=1 a single first place (x: 1/2) beats third + fourth place (y: 1/4 + 1/5); with k=1000 it does not
  assert.equal(rrf([l1, l2], 1)[0]!.id, 'z');
  assert.equal(ids(rrf([l1, l2], 1)).indexOf('x') < ids(rrf([l1, l2], 1)).indexOf('y'), true);
  assert.equal(ids(rrf([l1, l2], 1000)).indexOf('y') < ids(rrf([l1, l2], 1000)).indexOf('x'), true);
});

test('ties are broken deterministically', () => {
  const a = rrf([[{ id: 'm' }], [{ id: 'n' }]], 10);
  const b = rrf([[{ id: 'n' }], [{ id: 'm' }]], 10);
  assert.deepEqual(ids(a), ids(b));
});
