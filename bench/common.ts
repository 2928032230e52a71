// Shared helpers for the benchmark scripts (not part of the app or the test suite).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configuredProviders, type Provider } from '../src-main/core/models/ort.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH = join(ROOT, 'bench');
export const CACHE = join(BENCH, '.cache');
export const MODELS = join(ROOT, 'resources', 'models');
export const SQUAD = resolve(ROOT, '..', 'shared', 'data', 'squad-v1.1-dev', 'dev-v1.1.json');
export const VENV_PY = join(ROOT, 'tools', 'models', '.venv', 'bin', 'python');
export const RERANKER = 'parascope-reranker-minilm';

interface SquadArticle {
  title: string;
  paragraphs: { context: string; qas: { question: string; id: string }[] }[];
}

export function squad(): SquadArticle[] {
  return (JSON.parse(readFileSync(SQUAD, 'utf8')) as { data: SquadArticle[] }).data;
}

/** All SQuAD dev contexts in file order; `limit` takes the first N (development runs). */
export function squadParagraphs(limit = Infinity): string[] {
  return squad()
    .flatMap((a) => a.paragraphs.map((p) => p.context))
    .slice(0, limit);
}

/** (question, passage) pairs: each question with its own paragraph, in file order. */
export function squadPairs(limit = Infinity): [string, string][] {
  const out: [string, string][] = [];
  for (const a of squad()) for (const p of a.paragraphs) for (const q of p.qas) out.push([q.question, p.context]);
  // every 5th pair, so the set spans all articles rather than the first few
  return out.filter((_, i) => i % 5 === 0).slice(0, limit);
}

/**
 * 12 SQuAD dev questions, each with `k` paragraphs of the file from its own place on as its candidates (a question's
 * candidates are mostly its own article's): the re-ranker's work for one question, as the search gives it.
 */
export function squadCandidates(k: number): { q: string; passages: string[] }[] {
  const paragraphs = squad().flatMap((a) => a.paragraphs);
  return Array.from({ length: 12 }, (_, i) => ({
    q: paragraphs[i * 37]!.qas[0]!.question,
    passages: paragraphs.slice(i * 60, i * 60 + k).map((p) => p.context),
  }));
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

export function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  return fn().then((r) => [r, (performance.now() - t) / 1000]);
}

/** Prints one JSON line (the last line of a sub-benchmark's stdout is its result). */
export function emit(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/** CPU unless PARASCOPE_PROVIDERS asks for others (e.g. cuda on a GPU machine). */
export function benchProviders(): Provider[] {
  return process.env['PARASCOPE_PROVIDERS'] ? configuredProviders() : ['cpu'];
}

/**
 * Debian's python3.11-doc reST sources (`_sources/*.rst.txt`), fetched with `apt-get download` into the cache the
 * first time: the root folder, every file sorted, and `want` of them evenly spaced (all by default).
 */
export function pythonDocSources(want = Infinity): { root: string; all: string[]; files: string[] } {
  const deb = join(CACHE, 'deb');
  const extracted = join(CACHE, 'pydoc');
  const root = join(extracted, 'usr/share/doc/python3.11/html/_sources');
  if (!existsSync(root)) {
    mkdirSync(deb, { recursive: true });
    if (!readdirSync(deb).some((f) => f.endsWith('.deb')))
      execFileSync('apt-get', ['download', 'python3.11-doc'], { cwd: deb, stdio: ['ignore', 'ignore', 'inherit'] });
    const file = readdirSync(deb).find((f) => f.endsWith('.deb'))!;
    execFileSync('dpkg-deb', ['-x', join(deb, file), extracted]);
  }
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.rst.txt') ? [join(dir, e.name)] : [],
    );
  const all = walk(root).sort();
  const n = Math.min(want, all.length);
  const step = all.length / n;
  return { root, all, files: Array.from({ length: n }, (_, i) => all[Math.floor(i * step)]!) };
}
