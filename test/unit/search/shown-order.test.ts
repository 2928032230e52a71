// The search service's relevances read in the order it shows: a passage the blend ranks first but the calibration
// finds less likely than the next one shares their mean with it, and "no good match" looks at the first passage.
// Fakes stand in for the store and the models: this checks the orchestration only (engine.test.ts runs the real ones).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Embedder } from '../../../src-main/core/embed/embedder.js';
import type { Reranker } from '../../../src-main/core/rerank/reranker.js';
import { calibrationFor, relevance } from '../../../src-main/core/search/relevance.js';
import { SEARCH_DEFAULTS, SearchService } from '../../../src-main/core/search/search-service.js';
import type { ChunkHit, VectorStore } from '../../../src-main/core/store/vector-store.js';

// cosine to the question (the dense score) and the cross-encoder's probability, per passage
const CHUNKS = [
  { id: 'close-words', cosine: 0.7, rerank: 0.3 },
  { id: 'the-answer', cosine: 0.35, rerank: 0.99 },
  { id: 'off-topic', cosine: 0.1, rerank: 0.01 },
];
const hit = (c: (typeof CHUNKS)[number]): ChunkHit => ({
  id: c.id,
  path: `/docs/${c.id}.txt`,
  root: '/docs',
  text: `text of ${c.id}`,
  page: null,
  line: 1,
  start: 0,
  end: 10,
  heading: '',
  ordinal: 0,
  hash: '',
  mtime: 0,
  score: c.cosine,
});
const store = {
  dim: 3,
  count: async () => CHUNKS.length,
  searchDense: async () => [...CHUNKS].sort((a, b) => b.cosine - a.cosine).map(hit),
} as unknown as VectorStore;
const embedder = { embedQuery: async () => new Float32Array(3), knownWords: new Set<string>() } as unknown as Embedder;
const reranker: Reranker = {
  modelId: 'parascope-reranker-minilm',
  device: 'cpu (int8)',
  score: async (_q, texts) => texts.map((t) => CHUNKS.find((c) => t.endsWith(c.id))!.rerank),
  dispose: async () => undefined,
};

test('the relevances shown never rise down the list, and the first decides "no good match"', async () => {
  const cal = calibrationFor('all-MiniLM-L6-v2', 'parascope-reranker-minilm');
  const service = new SearchService(
    store,
    async () => embedder,
    async () => reranker,
    () => ({ ...SEARCH_DEFAULTS, spelling: false }),
    (reranked) => calibrationFor('all-MiniLM-L6-v2', reranked ? 'parascope-reranker-minilm' : null),
  );
  const r = await service.ask('which passage answers?', { rerank: true, mode: 'dense' });
  assert.deepEqual(
    r.passages.map((p) => p.id),
    ['the-answer', 'close-words', 'off-topic'],
    'the blend puts the cross-encoder first here',
  );
  const fitted = CHUNKS.map((c) => relevance({ rerank: c.rerank, cosine: c.cosine, maxCosine: 0.7 }, cal));
  assert.ok(fitted[0]! > fitted[1]!, 'the fit alone finds the closer words likelier than the answer: the case pooled');
  const [first, second, third] = r.passages.map((p) => p.relevance);
  assert.ok(Math.abs(first! - (fitted[0]! + fitted[1]!) / 2) < 1e-12, `the two out of order share their mean (${first})`);
  assert.equal(first, second);
  assert.equal(third, fitted[2], 'a passage already in order keeps its own');
  assert.equal(r.noGoodMatch, first! < cal!.threshold);
});
