// Runs the real `parascope` CLI as a child process and measures its peak RSS (VmHWM, read from /proc while it
// runs; /usr/bin/time -v when available, which also covers the last moments before exit).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LanceStore } from '../../../src-main/core/store/lance-store.js';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const BIN = join(ROOT, 'bin', 'parascope.mjs');
const TIME = '/usr/bin/time';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size in MB (0 when it could not be measured). */
  peakMB: number;
}

export interface CliRun {
  child: ChildProcess;
  done: Promise<CliResult>;
}

function hwmKB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function startCli(args: string[], opts: { measure?: boolean; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const useTime = opts.measure === true && existsSync(TIME);
  const cmd = useTime ? TIME : process.execPath;
  const argv = useTime ? ['-f', 'PEAK_RSS_KB=%M', process.execPath, BIN, ...args] : [BIN, ...args];
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let polled = 0;
  const timer = opts.measure && !useTime ? setInterval(() => (polled = Math.max(polled, hwmKB(child.pid!))), 100) : null;
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      let peakKB = polled;
      const m = /PEAK_RSS_KB=(\d+)/.exec(stderr);
      if (m) {
        peakKB = Number(m[1]);
        stderr = stderr.replace(/.*PEAK_RSS_KB=\d+\n?/, '');
      }
      // /usr/bin/time reports a killed child as "Command terminated by signal N" and exits with 128+N
      if (useTime && /Command (terminated by signal|exited with non-zero status)/.test(stderr)) {
        stderr = stderr.replace(/^Command (terminated by signal|exited with non-zero status).*\n?/m, '');
      }
      resolve({ code, signal, stdout, stderr, peakMB: Math.round(peakKB / 1024) });
    });
  });
  return { child, done };
}

export function cli(args: string[], opts: { measure?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}

export interface StatusJson {
  files: number;
  chunks: number;
  folders: { path: string; files: number; chunks: number; skipped: number; failed: number }[];
  problems: { path: string; root: string; state: 'skipped' | 'failed'; chunks: number; reason?: string }[];
}

export async function status(dataDir: string): Promise<StatusJson> {
  const r = await cli(['status', '--json', '--quiet', '--data-dir', dataDir]);
  if (r.code !== 0) throw new Error(`status failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as StatusJson;
}

/** The engine's catalog on disk: every file's state, for checks that status does not list per file. */
export function catalogFiles(dataDir: string): Record<string, { state: string; chunks: number; reason?: string }> {
  const data = JSON.parse(readFileSync(join(dataDir, 'catalog.json'), 'utf8')) as {
    files: Record<string, { state: string; chunks: number; reason?: string }>;
  };
  return data.files;
}

/** Every chunk id in a data dir's table, sorted: two libraries are equal when these are. */
export async function chunkIds(dataDir: string): Promise<string[]> {
  const store = await LanceStore.open(join(dataDir, 'lancedb'), 384);
  try {
    return [...(await store.rowsByPath()).values()].flat().sort();
  } finally {
    await store.close();
  }
}
