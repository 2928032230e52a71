// Ranking metrics with binary relevance. A passage is relevant when it lies in the question's file and overlaps
// one of its relevant spans. Recall@k = share of questions with at least one relevant passage in the top k.
import type { Span } from './corpora.js';

export interface Hit {
  file: string;
  start: number;
  end: number;
}
export interface Metrics {
  'R@1': number;
  'R@5': number;
  'R@10': number;
  'MRR@10': number;
  'nDCG@10': number;
}
export const METRIC_NAMES: (keyof Metrics)[] = ['R@1', 'R@5', 'R@10', 'MRR@10', 'nDCG@10'];

export const overlaps = (a: { start: number; end: number }, spans: Span[]): boolean =>
  spans.some(([s, e]) => a.start < e && a.end > s);

/**
 * One question's scores. `relevantInIndex` is how many indexed chunks overlap the spans (the ideal DCG's count);
 * at least 1, and at least as many as were retrieved.
 */
export function score(hits: Hit[], file: string, spans: Span[], relevantInIndex: number): Metrics {
  const rel = hits.slice(0, 10).map((h) => (h.file === file && overlaps(h, spans) ? 1 : 0));
  const first = rel.indexOf(1);
  const dcg = rel.reduce<number>((s, r, i) => s + r / Math.log2(i + 2), 0);
  const ideal = Math.min(10, Math.max(1, relevantInIndex, rel.filter(Boolean).length));
  let idcg = 0;
  for (let i = 0; i < ideal; i++) idcg += 1 / Math.log2(i + 2);
  const within = (k: number): number => (first !== -1 && first < k ? 1 : 0);
  return {
    'R@1': within(1),
    'R@5': within(5),
    'R@10': within(10),
    'MRR@10': first === -1 ? 0 : 1 / (first + 1),
    'nDCG@10': dcg / idcg,
  };
}

export function mean(all: Metrics[]): Metrics {
  const out = { 'R@1': 0, 'R@5': 0, 'R@10': 0, 'MRR@10': 0, 'nDCG@10': 0 };
  for (const m of all) for (const k of METRIC_NAMES) out[k] += m[k] / all.length;
  return out;
}

/** Paired bootstrap (seeded): 95% interval of mean(a - b) for one metric. */
export function pairedInterval(a: Metrics[], b: Metrics[], key: keyof Metrics, seed = 13, n = 1000): [number, number] {
  let x = seed >>> 0;
  const rand = (): number => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
  const d = a.map((m, i) => m[key] - (b[i] as Metrics)[key]);
  const means: number[] = [];
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[Math.floor(rand() * d.length)] as number;
    means.push(s / d.length);
  }
  means.sort((p, q) => p - q);
  return [means[Math.floor(n * 0.025)] as number, means[Math.floor(n * 0.975)] as number];
}
