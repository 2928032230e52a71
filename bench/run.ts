// `npm run bench`: every figure of docs/performance.md from one run. Each part runs in its own process
// (clean memory, no warm caches shared between them); a table is printed, and the LAST line is one JSON
// object with every figure. Sizes: BENCH_SIZE=small (development) or full (default).
// BENCH_WAIT_QUIET=<minutes> first waits (polling every 60 s) for a 1-minute load average < 1.5.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg, cpus, arch } from 'node:os';
import { join } from 'node:path';
import { BENCH, CACHE, ROOT, VENV_PY, round } from './common.js';

const small = process.env['BENCH_SIZE'] === 'small';
const env = (k: string, d: number): number => Number(process.env[k] ?? d);
const S = {
  paragraphs: env('BENCH_PARAGRAPHS', small ? 128 : 2067),
  fp32Paragraphs: env('BENCH_FP32_PARAGRAPHS', small ? 64 : 2067),
  pairs: env('BENCH_PAIRS', small ? 128 : 2114),
  fp32Pairs: env('BENCH_FP32_PAIRS', small ? 64 : 2114),
  questions: env('BENCH_QUESTIONS', small ? 20 : 120),
  indexFiles: Number(process.env['BENCH_INDEX_FILES'] ?? (small ? 8 : 40)),
  indexScales: process.env['BENCH_INDEX_SCALES'] ?? '1,4,16',
  lanceSizes: process.env['BENCH_LANCE_SIZES'] ?? (small ? '2000' : '10000,100000'),
  spellingSizes: process.env['BENCH_SPELLING_SIZES'] ?? (small ? '5000' : '18896,94480'),
};
const threads = Number(process.env['PARASCOPE_THREADS'] ?? cpus().length);
const say = (s: string): void => void process.stderr.write(`bench: ${s}\n`);
const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();

if (!existsSync(VENV_PY)) {
  say('tools/models/.venv is missing: running tools/models/setup_venv.sh');
  execFileSync('bash', [join(ROOT, 'tools/models/setup_venv.sh')], { stdio: 'inherit' });
}

const waitMin = Number(process.env['BENCH_WAIT_QUIET'] ?? 0);
const waitStart = Date.now();
while (waitMin > 0 && loadavg()[0]! >= 1.5 && Date.now() - waitStart < waitMin * 60_000) {
  say(`waiting for a quiet machine: ${uptime()}`);
  await new Promise((r) => setTimeout(r, 60_000));
}

// each part prints its figures as one JSON line; they are only read back into the table
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Figures = Record<string, any>;

function part(name: string, cmd: string, args: string[]): Figures {
  say(`${name} …`);
  const t = performance.now();
  const r = spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, PARASCOPE_THREADS: String(threads) },
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    say(`${name} failed (${r.status}): ${r.stderr.slice(-1500)}`);
    return { error: `exit ${r.status}` };
  }
  say(`${name} done in ${((performance.now() - t) / 1000).toFixed(0)} s: ${last}`);
  return JSON.parse(last) as Figures;
}
const tsx = (file: string, ...args: string[]): [string, string[]] => [
  process.execPath,
  ['--import', 'tsx', join(BENCH, file), ...args],
];

const loadBefore = loadavg().map((x) => round(x, 2));
const uptimeBefore = uptime();
const embed = part('embed (engine + transformers.js)', ...tsx('embed.ts', String(S.paragraphs), String(S.fp32Paragraphs)));
const stEmbed = part('embed (sentence-transformers)', VENV_PY, [
  join(BENCH, 'st_bench.py'),
  'embed',
  String(S.paragraphs),
  String(threads),
]);
const rerank = part('rerank (engine)', ...tsx('rerank.ts', String(S.pairs), String(S.fp32Pairs)));
const stRerank = rerank['skipped']
  ? { skipped: rerank['skipped'] }
  : part('rerank (sentence-transformers)', VENV_PY, [join(BENCH, 'st_bench.py'), 'rerank', String(S.pairs), String(threads)]);
const matmulOnnx = join(CACHE, 'matmul.onnx');
execFileSync(VENV_PY, [join(BENCH, 'make_matmul.py'), matmulOnnx]);
const matmul = part('matmul peak', ...tsx('matmul.ts', matmulOnnx));
const query = part('query latency', ...tsx('query.ts', String(S.questions)));
const lance = part('LanceDB search', ...tsx('lance.ts', S.lanceSizes));
const spelling = part('spelling correction', ...tsx('spelling.ts', S.spellingSizes));
const index = part('index (python3.11-doc)', ...tsx('index-scale.ts', String(S.indexFiles), S.indexScales));
const loadAfter = loadavg().map((x) => round(x, 2));

// MiniLM-L6 (6 layers, hidden 384, FFN 1536): 2 × weights in matmuls per token, plus attention
// (QKᵀ and AV: 2 × 2 × seq × 384 per layer) at the mean padded length of the run.
const matmulParams = 6 * (4 * 384 * 384 + 2 * 384 * 1536);
const meanLen = embed['tokens'] / embed['paragraphs'];
const flopsPerToken = 2 * matmulParams + 6 * 4 * meanLen * 384;
const gflops = (tps: number): number => round((tps * flopsPerToken) / 1e9, 1);
const ratio = (a: number | undefined, b: number | undefined): number | null => (a && b ? round(a / b, 2) : null);

const summary = {
  date: new Date().toISOString(),
  machine: `${cpus().length}-core ${arch()} (${cpus()[0]?.model ?? '?'}), no GPU`,
  threads,
  size: small ? 'small' : 'full',
  sizes: S,
  load_before: loadBefore,
  load_after: loadAfter,
  uptime_before: uptimeBefore,
  embed: { ...embed, sentence_transformers: stEmbed },
  embed_vs_sentence_transformers: ratio(embed['engine_int8']?.paragraphs_per_s, stEmbed['paragraphs_per_s']),
  // fp32 may run on a subset: tokens/s is the fair unit then
  embed_fp32_vs_sentence_transformers: ratio(embed['engine_fp32']?.tokens_per_s, stEmbed['tokens_per_s']),
  embed_vs_transformersjs: ratio(embed['engine_int8']?.paragraphs_per_s, embed['transformersjs_q8']?.paragraphs_per_s),
  embed_fp32_vs_transformersjs_fp32: ratio(
    embed['engine_fp32']?.paragraphs_per_s,
    embed['transformersjs_fp32']?.paragraphs_per_s,
  ),
  rerank: { ...rerank, sentence_transformers: stRerank },
  rerank_vs_sentence_transformers: ratio(rerank['engine_int8']?.pairs_per_s, stRerank['pairs_per_s']),
  rerank_fp32_vs_sentence_transformers: ratio(rerank['engine_fp32']?.pairs_per_s, stRerank['pairs_per_s']),
  rerank_int8_vs_baseline: ratio(rerank['engine_int8']?.pairs_per_s, rerank['baseline_int8']?.pairs_per_s),
  matmul,
  embedder_flops_per_token: Math.round(flopsPerToken),
  embedder_gflops_int8: gflops(embed['engine_int8']?.tokens_per_s ?? 0),
  embedder_gflops_fp32: gflops(embed['engine_fp32']?.tokens_per_s ?? 0),
  embedder_fraction_of_matmul_peak_int8: ratio(gflops(embed['engine_int8']?.tokens_per_s ?? 0), matmul['peak_gflops']),
  embedder_fraction_of_matmul_peak_fp32: ratio(gflops(embed['engine_fp32']?.tokens_per_s ?? 0), matmul['peak_gflops']),
  query,
  lance,
  spelling,
  index,
  index_vs_embed: index['vs_bare_models']?.index_vs_embed ?? null,
  index_vs_st_encode: index['vs_bare_models']?.index_vs_st_encode ?? null,
};

const rows: [string, string][] = [
  ['machine', `${summary.machine}; load ${loadBefore.join(' ')} → ${loadAfter.join(' ')}`],
  ['embed engine int8', `${embed['engine_int8']?.paragraphs_per_s} para/s, ${embed['engine_int8']?.tokens_per_s} tok/s`],
  ['embed engine fp32', `${embed['engine_fp32']?.paragraphs_per_s} para/s, ${embed['engine_fp32']?.tokens_per_s} tok/s`],
  ['embed sentence-transformers', `${stEmbed['paragraphs_per_s']} para/s, ${stEmbed['tokens_per_s']} tok/s`],
  [
    'embed transformers.js q8/fp32',
    `${embed['transformersjs_q8']?.paragraphs_per_s} / ${embed['transformersjs_fp32']?.paragraphs_per_s} para/s`,
  ],
  ['tokenizer share (int8)', `${embed['tokenize_share_int8']}`],
  ['embed vs ST (int8 | fp32)', `${summary.embed_vs_sentence_transformers} | ${summary.embed_fp32_vs_sentence_transformers}`],
  ['embed vs transformers.js (q8 | fp32)', `${summary.embed_vs_transformersjs} | ${summary.embed_fp32_vs_transformersjs_fp32}`],
  [
    'rerank engine int8/fp32',
    `${rerank['engine_int8']?.pairs_per_s ?? rerank['skipped']} / ${rerank['engine_fp32']?.pairs_per_s ?? '-'} pairs/s`,
  ],
  ['rerank sentence-transformers', `${stRerank['pairs_per_s'] ?? stRerank['skipped']} pairs/s`],
  ['rerank vs ST (int8 | fp32)', `${summary.rerank_vs_sentence_transformers} | ${summary.rerank_fp32_vs_sentence_transformers}`],
  ['rerank int8 vs BENCH_RERANK_BASELINE', `${summary.rerank_int8_vs_baseline ?? '- (not set)'}`],
  ['matmul peak fp32', `${matmul['peak_gflops']} GFLOP/s`],
  [
    'embedder GFLOP/s int8 | fp32',
    `${summary.embedder_gflops_int8} (${summary.embedder_fraction_of_matmul_peak_int8}) | ${summary.embedder_gflops_fp32} (${summary.embedder_fraction_of_matmul_peak_fp32})`,
  ],
  ['query k=100 p50/p95', `${query['k100']?.p50_ms} / ${query['k100']?.p95_ms} ms (reranked: ${query['reranked']})`],
  ['query k=50 p50/p95', `${query['k50']?.p50_ms} / ${query['k50']?.p95_ms} ms`],
  ['query k=32 p50/p95', `${query['k32']?.p50_ms} / ${query['k32']?.p95_ms} ms`],
  ...Object.entries(lance)
    .filter(([k]) => /^\d+$/.test(k))
    .map(([k, v]: [string, Figures]): [string, string] => [
      `lance ${k} rows`,
      `brute ${v.brute_p50_ms} ms, ANN ${v.ann_p50_ms} ms (×${v.speedup_p50}), recall@10 ${v.recall_at_10}`,
    ]),
  ...((spelling['spelling'] ?? []) as Figures[]).map((v): [string, string] => [
    `spelling ${v.passages} passages`,
    `${v.words} words: ${v.after_index_ms} ms after an index run, ${v.new_process_ms} ms in a new process (save loaded), ${v.scan_ms} ms without a save; correction p95 ${v.correct_p95_ms} ms`,
  ]),
  ...Object.entries(index)
    .filter(([k]) => /^x\d+$/.test(k))
    .map(([k, v]: [string, Figures]): [string, string] => [
      `index ${k}`,
      `${v.chunks} chunks, ${v.wall_s} s, ${v.chunks_per_s} chunks/s, CPU ${v.cpu_percent}%, peak RSS ${v.peak_rss_mb} MB`,
    ]),
  [
    'index vs bare embed | vs ST encode',
    `${summary.index_vs_embed} | ${summary.index_vs_st_encode} (×${index['vs_bare_models']?.scale}, same chunks)`,
  ],
];
const w = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n') + '\n');
process.stdout.write(`${JSON.stringify(summary)}\n`);
