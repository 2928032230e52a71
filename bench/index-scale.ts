// End-to-end `parascope index` of a real folder (Debian's python3.11-doc reST sources) at ×1, ×4, ×16
// copies: wall time, chunks/s and peak RSS of the CLI process (/usr/bin/time -v, else /proc VmHWM).
// Usage: tsx bench/index-scale.ts [FILES] [SCALES] → last line JSON. FILES: how many of the ~500 files
// form the ×1 folder (a fixed, evenly spaced subset; default all); SCALES: e.g. 1,4,16.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CACHE, ROOT, emit, round } from './common.js';

const want = Number(process.argv[2] ?? Infinity);
const scales = (process.argv[3] ?? '1,4,16').split(',').map(Number);
const deb = join(CACHE, 'deb');
const extracted = join(CACHE, 'pydoc');
const sources = join(extracted, 'usr/share/doc/python3.11/html/_sources');

if (!existsSync(sources)) {
  mkdirSync(deb, { recursive: true });
  if (!readdirSync(deb).some((f) => f.endsWith('.deb'))) {
    execFileSync('apt-get', ['download', 'python3.11-doc'], { cwd: deb, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const file = readdirSync(deb).find((f) => f.endsWith('.deb'))!;
  execFileSync('dpkg-deb', ['-x', join(deb, file), extracted]);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.rst.txt') ? [join(dir, e.name)] : [],
  );
}
const allFiles = walk(sources).sort();
const allBytes = allFiles.reduce((s, f) => s + statSync(f).size, 0);
const n = Math.min(want, allFiles.length);
const step = allFiles.length / n;
const files = Array.from({ length: n }, (_, i) => allFiles[Math.floor(i * step)]!);
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);

interface Run {
  wall: number;
  rssMB: number;
  summary: { chunks: number; indexed: number; failed: number; skipped: number };
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
      const line = stdout.trim().split('\n').pop()!;
      resolve({ wall, rssMB: rss / 1024, summary: JSON.parse(line) as Run['summary'] });
    });
  });
}

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
    chunks_per_s: round(r.summary.chunks / r.wall, 1),
    peak_rss_mb: round(r.rssMB, 0),
  };
  process.stderr.write(`index: x${k} ${JSON.stringify(out[`x${k}`])}\n`);
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
