// The bundled cross-encoder through onnxruntime-node against sentence-transformers' CrossEncoder
// logits (PyTorch fp32) on 200 held-out (question, paragraph) pairs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { OnnxReranker } from '../../../src-main/core/rerank/onnx-reranker.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';

interface Item {
  question: string;
  paragraph: string;
  relevant: boolean;
  logit: number;
}
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'models', 'parity-reranker.json'), 'utf8'),
) as { maxSeqLength: number; items: Item[] };

async function logits(precision: 'fp32' | 'int8'): Promise<number[]> {
  const r = await OnnxReranker.load({
    model: 'parascope-reranker-minilm',
    modelsDir: defaultModelsDir(),
    providers: ['cpu'],
    precision,
    maxLength: fixture.maxSeqLength,
  });
  try {
    const out: number[] = [];
    for (const it of fixture.items) out.push((await r.logits(it.question, [it.paragraph]))[0]![0]!);
    return out;
  } finally {
    await r.dispose();
  }
}

test('fp32 reproduces the sentence-transformers CrossEncoder logits (|diff| < 1e-3)', async () => {
  const got = await logits('fp32');
  const diffs = got.map((x, i) => Math.abs(x - fixture.items[i]!.logit));
  assert.equal(diffs.length, 200);
  assert.ok(Math.max(...diffs) < 1e-3, `max |diff| ${Math.max(...diffs)}`);
});

test('int8 stays close and keeps the ranking of each pair', async () => {
  const got = await logits('int8');
  const diffs = got.map((x, i) => Math.abs(x - fixture.items[i]!.logit));
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  assert.ok(mean < 0.15, `mean |diff| ${mean}`);
  // the re-ranker scores the relevant paragraph above an irrelevant one for most questions
  const pos = got.filter((_, i) => fixture.items[i]!.relevant);
  const neg = got.filter((_, i) => !fixture.items[i]!.relevant);
  const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(avg(pos) > avg(neg) + 0.3, `positives ${avg(pos)} vs negatives ${avg(neg)}`);
});
