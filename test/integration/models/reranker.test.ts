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

async function logits(precision: 'fp32' | 'fp16' | 'int8'): Promise<number[]> {
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
  const ref = fixture.items.map((it) => it.logit);
  const diffs = got.map((x, i) => Math.abs(x - ref[i]!));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  // relative to the spread of the logits (a trained re-ranker's logits span about ±5)
  const sd = Math.sqrt(mean(ref.map((x) => (x - mean(ref)) ** 2)));
  assert.ok(mean(diffs) < 0.1 * sd, `mean |diff| ${mean(diffs)} vs logit sd ${sd}`);
  // items come in (answer paragraph, other paragraph of the same article) pairs, one pair per question
  const pairs = Array.from({ length: got.length / 2 }, (_, q) => 2 * q);
  assert.ok(pairs.every((i) => fixture.items[i]!.relevant && !fixture.items[i + 1]!.relevant));
  const agree = pairs.filter((i) => Math.sign(got[i]! - got[i + 1]!) === Math.sign(ref[i]! - ref[i + 1]!)).length;
  assert.ok(agree >= 0.95 * pairs.length, `int8 keeps the fp32 order on ${agree}/${pairs.length} pairs`);
  // and the model itself puts the answer paragraph first for nearly every held-out question
  const right = pairs.filter((i) => got[i]! > got[i + 1]!).length;
  assert.ok(right >= 0.9 * pairs.length, `answer paragraph first for ${right}/${pairs.length} questions`);
});

test('fp16, the GPU providers’ variant, reproduces the logits (max |diff| < 0.05; run here on the CPU)', async () => {
  const got = await logits('fp16');
  const diffs = got.map((x, i) => Math.abs(x - fixture.items[i]!.logit));
  assert.equal(diffs.length, 200);
  assert.ok(Math.max(...diffs) < 0.05, `max |diff| ${Math.max(...diffs)}`);
});
