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
// BENCH_RERANK_BASELINE: a models folder holding another build of the re-ranker (e.g. the previous release),
// timed int8 on the same pairs in the same run (`baseline_int8`, and `int8_vs_baseline` in the summary)
const baseline = process.env['BENCH_RERANK_BASELINE'];
const runs: { key: string; modelsDir: string; precision: 'int8' | 'fp32'; pairs: typeof all }[] = [
  { key: 'engine_int8', modelsDir: MODELS, precision: 'int8', pairs: all },
  { key: 'engine_fp32', modelsDir: MODELS, precision: 'fp32', pairs: all.slice(0, NF) },
  ...(baseline ? [{ key: 'baseline_int8', modelsDir: baseline, precision: 'int8' as const, pairs: all }] : []),
];
for (const { key, modelsDir, precision, pairs } of runs) {
  if (!pairs.length) continue;
  const r = await OnnxReranker.load({ model: RERANKER, modelsDir, providers: benchProviders(), precision, batchSize: 32 });
  await r.scorePairs(pairs.slice(0, 64));
  const [, s] = await time(() => r.scorePairs(pairs));
  await r.dispose();
  process.stderr.write(`rerank: ${key}: ${(pairs.length / s).toFixed(1)} pairs/s\n`);
  out[key] = { pairs: pairs.length, seconds: round(s, 3), pairs_per_s: round(pairs.length / s, 1) };
}
emit(out);
