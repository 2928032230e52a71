// The bundled bi-encoder through onnxruntime-node, against values computed elsewhere:
// transformers.js golden vectors and sentence-transformers (Python) parity vectors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { OnnxEmbedder } from '../../../src-main/core/embed/onnx-embedder.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';
import { goldenCosine, loadGoldenSet, loadParityFixture, parityCosine } from '../../../src-main/core/models/verify.js';

const modelsDir = defaultModelsDir();
const fixture = loadParityFixture(join(import.meta.dirname, '..', '..', 'fixtures', 'models', 'parity-all-MiniLM-L6-v2.json'));

describe('all-MiniLM-L6-v2 (fp32)', () => {
  let e: OnnxEmbedder;
  before(async () => {
    e = await OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir, providers: ['cpu'], precision: 'fp32' });
  });
  after(() => e.dispose());

  test('matches sentence-transformers on 256 real paragraphs (min cosine ≥ 0.9999)', async () => {
    const s = await parityCosine(e, fixture);
    assert.equal(s.n, 256);
    assert.ok(s.min >= 0.9999, `min cosine ${s.min}`);
  });

  test('reports its identity from the sentence-transformers config', () => {
    assert.equal(e.dim, 384);
    assert.equal(e.maxSeqLength, 256);
    assert.equal(e.modelId, 'all-MiniLM-L6-v2');
    assert.match(e.device, /^cpu \(fp32\)$/);
  });

  test('a query vector is unit length and ranks the right paragraph first', async () => {
    const q = await e.embedQuery('Which team won Super Bowl 50?');
    const norm = Math.sqrt(q.reduce((s, x) => s + x * x, 0));
    assert.ok(Math.abs(norm - 1) < 1e-4);
    const docs = await e.embedDocuments([
      'The Denver Broncos defeated the Carolina Panthers 24–10 to win Super Bowl 50.',
      'Warsaw is the capital and largest city of Poland.',
    ]);
    const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);
    assert.ok(dot(q, docs[0]!) > dot(q, docs[1]!) + 0.2);
  });
});

test('fp32 reproduces the transformers.js golden vectors (first 200 of 778, min cosine ≥ 0.99)', async () => {
  const e = await OnnxEmbedder.load({
    model: 'all-MiniLM-L6-v2',
    modelsDir,
    providers: ['cpu'],
    precision: 'fp32',
    maxSeqLength: 512,
  });
  try {
    const s = await goldenCosine(e, loadGoldenSet(200));
    assert.equal(s.n, 200);
    assert.ok(s.min >= 0.99, `min cosine ${s.min}`);
  } finally {
    await e.dispose();
  }
});

test('int8 stays close to sentence-transformers (mean cosine ≥ 0.99)', async () => {
  const e = await OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir, providers: ['cpu'], precision: 'int8' });
  try {
    assert.match(e.device, /int8/);
    const s = await parityCosine(e, fixture);
    assert.ok(s.mean >= 0.99, `mean cosine ${s.mean}`);
  } finally {
    await e.dispose();
  }
});

test('fp16, the GPU providers’ variant, matches sentence-transformers (min cosine ≥ 0.999; run here on the CPU)', async () => {
  const e = await OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir, providers: ['cpu'], precision: 'fp16' });
  try {
    assert.match(e.device, /^cpu \(fp16\)$/);
    const s = await parityCosine(e, fixture);
    assert.equal(s.n, 256);
    assert.ok(s.min >= 0.999, `min cosine ${s.min}`);
  } finally {
    await e.dispose();
  }
});
