// Query latency: the SQuAD dev articles indexed as text files, then ≥ 100 real SQuAD questions through
// Engine.ask (models warm, as in the app and `parascope serve`), re-ranking 100, 50 and 32 candidates.
// Usage: tsx bench/query.ts [QUESTIONS] → last line JSON
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../src-main/core/engine.js';
import { CACHE, MODELS, RERANKER, benchProviders, emit, percentile, round, squad, time } from './common.js';

const NQ = Number(process.argv[2] ?? 120);
const docs = join(CACHE, 'squad-articles');
const dataDir = join(CACHE, 'query-data');
// the index is kept between runs (BENCH_FRESH=1 rebuilds it): indexing speed is bench/index-scale.ts's job
if (process.env['BENCH_FRESH']) rmSync(dataDir, { recursive: true, force: true });
mkdirSync(docs, { recursive: true });
const articles = squad();
for (const a of articles) {
  writeFileSync(join(docs, `${a.title.replace(/[^\w.-]+/g, '_')}.txt`), a.paragraphs.map((p) => p.context).join('\n\n') + '\n');
}
const all = articles.flatMap((a) => a.paragraphs.flatMap((p) => p.qas.map((q) => q.question)));
const step = Math.floor(all.length / NQ);
const questions = Array.from({ length: NQ }, (_, i) => all[i * step]!);

const engine = await Engine.open({ dataDir, modelsDir: MODELS, providers: benchProviders() });
const [summary, indexS] = await time(() => engine.index([docs]));
const rerank = existsSync(join(MODELS, RERANKER, 'onnx'));
const out: Record<string, unknown> = {
  files: articles.length,
  chunks: (await engine.status()).chunks, // the index's, also when it was kept from an earlier run
  chunks_embedded_now: summary.chunks,
  index_seconds: round(indexS, 1),
  questions: questions.length,
  reranked: rerank,
  mode: 'hybrid',
};
// warm-up: loads both models once (kept warm afterwards, as in the app)
await engine.ask({ question: questions[0]!, candidates: 100, rerank });
for (const k of [100, 50, 32]) {
  const total: number[] = [];
  const stage = { embed: [] as number[], retrieve: [] as number[], rerank: [] as number[], rest: [] as number[] };
  for (const q of questions) {
    const [r, s] = await time(() => engine.ask({ question: q, candidates: k, top: 5, rerank }));
    const ms = s * 1000;
    total.push(ms);
    stage.embed.push(r.timings.embedMs);
    stage.retrieve.push(r.timings.searchMs);
    stage.rerank.push(r.timings.rerankMs);
    stage.rest.push(ms - r.timings.embedMs - r.timings.searchMs - r.timings.rerankMs);
  }
  const sum = total.reduce((a, b) => a + b, 0);
  const share = (xs: number[]): number => round(xs.reduce((a, b) => a + b, 0) / sum, 3);
  out[`k${k}`] = {
    p50_ms: round(percentile(total, 50), 1),
    p95_ms: round(percentile(total, 95), 1),
    stage_p50_ms: Object.fromEntries(Object.entries(stage).map(([n, xs]) => [n, round(percentile(xs, 50), 1)])),
    stage_p95_ms: Object.fromEntries(Object.entries(stage).map(([n, xs]) => [n, round(percentile(xs, 95), 1)])),
    share: Object.fromEntries(Object.entries(stage).map(([n, xs]) => [n, share(xs)])),
  };
  process.stderr.write(`query: k=${k} p50 ${percentile(total, 50).toFixed(0)} ms p95 ${percentile(total, 95).toFixed(0)} ms\n`);
}
await engine.close();
emit(out);
