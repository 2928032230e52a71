// End-to-end `parascope index` of a real folder (Debian's python3.11-doc reST sources) at ×1, ×4, ×16
// copies: wall time, chunks/s, CPU use and peak RSS of the CLI process (/usr/bin/time -v, else /proc VmHWM).
// At one scale (BENCH_INDEX_VS_EMBED_SCALE, default the largest ≤ 4) the index's own chunks are then embedded
// again by the engine's bare embedder (`index_vs_embed`: bare embed time / whole index run, 1 = nothing outside
// the model) and by sentence-transformers `encode` (`index_vs_st_encode`: ST time / whole index run), same texts,
// same threads, in the same run.
// Usage: tsx bench/index-scale.ts [FILES] [SCALES] → last line JSON. FILES: how many of the ~500 files
// form the ×1 folder (a fixed, evenly spaced subset; default all); SCALES: e.g. 1,4,16.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { OnnxEmbedder } from '../src-main/core/embed/onnx-embedder.js';
import { LanceStore } from '../src-main/core/store/lance-store.js';
import { CACHE, MODELS, ROOT, VENV_PY, benchProviders, emit, pythonDocSources, round, time } from './common.js';

const want = Number(process.argv[2] ?? Infinity);
const scales = (process.argv[3] ?? '1,4,16').split(',').map(Number);
const { root: sources, all: allFiles, files } = pythonDocSources(want);
const allBytes = allFiles.reduce((s, f) => s + statSync(f).size, 0);
const n = files.length;
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);

interface Run {
  wall: number;
  rssMB: number;
  /** CPU time over wall time, in percent (200 = both cores of 2 busy throughout); null without /usr/bin/time. */
  cpuPercent: number | null;
  summary: { chunks: number; indexed: number; failed: number; skipped: number; seconds: number; embedSeconds: number };
}

function runIndex(folder: string, dataDir: string): Promise<Run> {
  const cli = [join(ROOT, 'bin/parascope.mjs'), 'index', folder, '--data-dir', dataDir, '--json', '--quiet'];
  const useTime = existsSync('/usr/bin/time');
  const child = useTime
    ? spawn('/usr/bin/time', ['-v', process.execPath, ...cli], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, cli, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let hwm = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const poll = useTime
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwm = Math.max(hwm, Number(m[1]));
        } catch {
          /* exited */
        }
      }, 200);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0) return reject(new Error(`parascope index exited ${code}: ${stderr.slice(-2000)}`));
      const rss = useTime ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0) : hwm;
      const cpu = /Percent of CPU this job got: (\d+)%/.exec(stderr)?.[1];
      const line = stdout.trim().split('\n').pop()!;
      resolve({
        wall,
        rssMB: rss / 1024,
        cpuPercent: cpu === undefined ? null : Number(cpu),
        summary: JSON.parse(line) as Run['summary'],
      });
    });
  });
}

/** The index's chunks embedded again by the bare models: the engine's embedder here, sentence-transformers in Python. */
async function bareModels(dataDir: string, wall: number): Promise<Record<string, unknown>> {
  const store = await LanceStore.open(join(dataDir, 'lancedb'), 384);
  const texts: string[] = [];
  try {
    for (const path of [...(await store.rowsByPath()).keys()].sort())
      for (const c of await store.fileChunks(path)) texts.push(c.text);
  } finally {
    await store.close();
  }
  const e = await OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir: MODELS, providers: benchProviders() });
  const [, embedS] = await time(() => e.embedDocuments(texts));
  const device = e.device;
  await e.dispose();
  const res: Record<string, unknown> = {
    chunks: texts.length,
    index_s: round(wall, 2),
    bare_embed_s: round(embedS, 2),
    bare_embed_device: device,
    index_vs_embed: round(embedS / wall, 2),
  };
  if (existsSync(VENV_PY)) {
    const file = join(CACHE, 'index-chunks.json');
    writeFileSync(file, JSON.stringify(texts));
    const threads = process.env['PARASCOPE_THREADS'] ?? String(cpus().length);
    const st = JSON.parse(
      execFileSync(VENV_PY, [join(ROOT, 'bench/st_bench.py'), 'embed-file', file, threads], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop()!,
    ) as { seconds: number };
    rmSync(file, { force: true });
    res['st_encode_s'] = st.seconds;
    res['index_vs_st_encode'] = round(st.seconds / wall, 2);
  }
  return res;
}

const compareAt = Number(process.env['BENCH_INDEX_VS_EMBED_SCALE'] ?? Math.max(...scales.filter((k) => k <= 4), scales[0]!));

const out: Record<string, unknown> = {
  source: 'python3.11-doc html/_sources (*.rst.txt)',
  all_files: allFiles.length,
  all_mb: round(allBytes / 1e6, 2),
  base_files: n,
  base_mb: round(bytes / 1e6, 2),
  subset: n < allFiles.length,
};
for (const k of scales) {
  const folder = join(CACHE, `index-x${k}`);
  const dataDir = join(CACHE, `index-x${k}-data`);
  rmSync(folder, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
  for (let c = 0; c < k; c++) {
    for (const f of files) {
      const dest = join(folder, `copy${c}`, relative(sources, f));
      mkdirSync(join(dest, '..'), { recursive: true });
      copyFileSync(f, dest);
    }
  }
  const r = await runIndex(folder, dataDir);
  out[`x${k}`] = {
    files: r.summary.indexed,
    failed: r.summary.failed + r.summary.skipped,
    chunks: r.summary.chunks,
    wall_s: round(r.wall, 1),
    // the engine's own account of the run: how much of it was inside the embedding model (the rest: walking,
    // parsing, writing; the CLI's start is in wall_s only)
    engine_s: round(r.summary.seconds, 1),
    inside_embed_s: round(r.summary.embedSeconds, 1),
    chunks_per_s: round(r.summary.chunks / r.wall, 1),
    cpu_percent: r.cpuPercent,
    peak_rss_mb: round(r.rssMB, 0),
  };
  process.stderr.write(`index: x${k} ${JSON.stringify(out[`x${k}`])}\n`);
  if (k === compareAt) {
    out['vs_bare_models'] = { scale: k, ...(await bareModels(dataDir, r.wall)) };
    process.stderr.write(`index: x${k} against the bare models ${JSON.stringify(out['vs_bare_models'])}\n`);
  }
  rmSync(folder, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}
const x1 = out['x1'] as { chunks: number; chunks_per_s: number; peak_rss_mb: number } | undefined;
const last = out[`x${Math.max(...scales)}`] as { peak_rss_mb: number } | undefined;
if (x1) {
  // the whole folder at the ×1 rate (chunks scale with bytes)
  out['full_folder_est_chunks'] = Math.round((x1.chunks * allBytes) / bytes);
  out['full_folder_est_s'] = round((x1.chunks * allBytes) / bytes / x1.chunks_per_s, 0);
  if (last) out['rss_growth_max_vs_x1'] = round(last.peak_rss_mb / x1.peak_rss_mb, 2);
}
emit(out);
