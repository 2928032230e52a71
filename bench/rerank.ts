// Cross-encoder throughput of the engine's OnnxReranker on SQuAD (question, own paragraph) pairs.
// Usage: tsx bench/rerank.ts [N] [N_FP32] → last line JSON ({skipped} when the model is not there yet)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxReranker } from '../src-main/core/rerank/onnx-reranker.js';
import { MODELS, RERANKER, benchProviders, emit, round, squadPairs, time } from './common.js';

const N = Number(process.argv[2] ?? Infinity);
if (!existsSync(join(MODELS, RERANKER, 'onnx'))) {
  emit({ skipped: `${RERANKER} is not in resources/models yet` });
  process.exit(0);
}
const all = squadPairs(N);
const out: Record<string, unknown> = { pairs: all.length, batch: 32 };
const NF = Number(process.argv[3] ?? N);
for (const precision of ['int8', 'fp32'] as const) {
  const pairs = precision === 'fp32' ? all.slice(0, NF) : all;
  if (!pairs.length) continue;
  const r = await OnnxReranker.load({
    model: RERANKER,
    modelsDir: MODELS,
    providers: benchProviders(),
    precision,
    batchSize: 32,
  });
  await r.scorePairs(pairs.slice(0, 64));
  const [, s] = await time(() => r.scorePairs(pairs));
  await r.dispose();
  process.stderr.write(`rerank: engine ${precision}: ${(pairs.length / s).toFixed(1)} pairs/s\n`);
  out[`engine_${precision}`] = { pairs: pairs.length, seconds: round(s, 3), pairs_per_s: round(pairs.length / s, 1) };
}
emit(out);
