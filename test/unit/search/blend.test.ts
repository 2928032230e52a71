import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blendScores, rerankOrder, standardize } from '../../../src-main/core/search/search-service.js';

const close = (a: number[], b: number[]): void => a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) < 1e-9, `${a} vs ${b}`));

test('standardize gives mean 0 and standard deviation 1, and zeros for equal scores', () => {
  const z = standardize([1, 2, 3, 6]);
  const mean = z.reduce((s, x) => s + x, 0) / z.length;
  const sd = Math.sqrt(z.reduce((s, x) => s + (x - mean) ** 2, 0) / z.length);
  assert.ok(Math.abs(mean) < 1e-12 && Math.abs(sd - 1) < 1e-12);
  close(standardize([4, 4, 4]), [0, 0, 0]);
  assert.deepEqual(standardize([]), []);
});

test('weight 0 keeps the cross-encoder scores as they are', () => {
  assert.deepEqual(blendScores([3, -1, 7], [0.9, 0.8, 0.1], 0), [3, -1, 7]);
});

test('the blend is scale-free in both inputs and the weight moves the order toward retrieval', () => {
  const rerank = [2.0, 1.9, -5];
  const retrieval = [0.1, 0.9, 0.5]; // retrieval prefers candidate 1
  const order = (s: number[]): number[] =>
    s
      .map((x, i) => [x, i] as const)
      .sort((a, b) => b[0] - a[0])
      .map(([, i]) => i);
  assert.deepEqual(order(blendScores(rerank, retrieval, 0.01)), [0, 1, 2]);
  assert.deepEqual(order(blendScores(rerank, retrieval, 1)), [1, 0, 2]);
  // multiplying either input by a positive constant (logits vs probabilities, RRF vs cosine) changes nothing
  close(
    blendScores(
      rerank.map((x) => 10 * x),
      retrieval.map((x) => x / 100),
      1,
    ),
    blendScores(rerank, retrieval, 1),
  );
});

test('rerankOrder sorts by the blended score and keeps retrieval order on ties', () => {
  const c = (retrievalRank: number, retrievalScore: number): { retrievalRank: number; retrievalScore: number } => ({
    retrievalRank,
    retrievalScore,
  });
  const candidates = [c(1, 0.9), c(2, 0.5), c(3, 0.1)];
  assert.deepEqual(
    rerankOrder(candidates, [0.2, 0.9, 0.2], 0).map((x) => x.retrievalRank),
    [2, 1, 3],
  );
  assert.deepEqual(
    rerankOrder(candidates, [0.5, 0.5, 0.5], 0).map((x) => x.retrievalRank),
    [1, 2, 3],
  );
  // a large weight hands the order back to retrieval
  assert.deepEqual(
    rerankOrder(candidates, [0.1, 0.2, 0.3], 100).map((x) => x.retrievalRank),
    [1, 2, 3],
  );
  assert.deepEqual(
    rerankOrder(candidates, [0.2, 0.9, 0.2], 0).map((x) => x.score),
    [0.9, 0.2, 0.2],
  );
});
