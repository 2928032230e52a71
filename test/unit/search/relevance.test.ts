// The relevance calibration: a probability, rising with both signals, the shipped fit found for the bundled models,
// and "no good match" exactly below the threshold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BAND_LABEL, relevanceBand } from '../../../src-main/common/relevance.js';
import { calibrationFor, inRankOrder, logit, noGoodMatch, relevance } from '../../../src-main/core/search/relevance.js';

test('the bundled models have a fitted calibration, with and without re-ranking', () => {
  for (const reranker of ['parascope-reranker-minilm', null]) {
    const c = calibrationFor('all-MiniLM-L6-v2', reranker);
    assert.ok(c, `calibration for ${reranker ?? 'no re-ranker'}`);
    assert.ok(c.threshold > 0 && c.threshold < 1);
    assert.ok(c.cosine > 0, 'a closer passage is more likely relevant');
    if (reranker) assert.ok(c.rerank > 0, 'a higher cross-encoder score is more likely relevant');
    assert.match(c.fitted, /tuning/);
  }
  assert.equal(calibrationFor('some-other-model', null), null);
});

test('relevance is a probability that rises with the cross-encoder score and the cosine', () => {
  const c = calibrationFor('all-MiniLM-L6-v2', 'parascope-reranker-minilm');
  let last = -1;
  for (const rerank of [0.001, 0.05, 0.5, 0.95, 0.999]) {
    const r = relevance({ rerank, cosine: 0.4, maxCosine: 0.5 }, c);
    assert.ok(r > last && r >= 0 && r <= 1, `${rerank} → ${r}`);
    last = r;
  }
  assert.ok(
    relevance({ rerank: 0.5, cosine: 0.8, maxCosine: 0.8 }, c) > relevance({ rerank: 0.5, cosine: 0.1, maxCosine: 0.8 }, c),
  );
  assert.ok(Number.isFinite(logit(1)) && Number.isFinite(logit(0)));
});

test('no good match below the threshold, and for an empty result', () => {
  const c = calibrationFor('all-MiniLM-L6-v2', 'parascope-reranker-minilm')!;
  assert.equal(noGoodMatch(c.threshold - 1e-6, c), true);
  assert.equal(noGoodMatch(c.threshold, c), false);
  assert.equal(noGoodMatch(undefined, c), true);
});

test('relevance bands in words', () => {
  assert.deepEqual([0.9, 0.45, 0.1].map(relevanceBand), ['strong', 'partial', 'weak']);
  assert.equal(BAND_LABEL.strong, 'Strong match');
});

test('relevances shown read in their order: a run out of order shares its mean, an ordered list is kept as it is', () => {
  assert.deepEqual(inRankOrder([0.9, 0.5, 0.2]), [0.9, 0.5, 0.2]);
  assert.deepEqual(inRankOrder([0.2, 0.6, 0.1]), [0.4, 0.4, 0.1]);
  // a later rise pools back into earlier places until the list never rises
  const pooled = inRankOrder([0.5, 0.3, 0.1, 0.9, 0.2]);
  pooled.slice(1).forEach((v, i) => assert.ok(v <= pooled[i]!, `${pooled}`));
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean(pooled) - mean([0.5, 0.3, 0.1, 0.9, 0.2])) < 1e-12, 'the mean is kept');
  assert.deepEqual(inRankOrder([]), []);
});
