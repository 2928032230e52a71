// Relevance a person can read: the probability that a passage answers the question, from the cross-encoder's
// logit, the passage's cosine to the question and the best cosine of any candidate (Platt scaling: a logistic regression fitted on the tuning slices of
// the evaluation by eval/relevance.ts, never on its test slices). The passages shown then read in their order: where
// one would read as likelier than a passage ranked above it, the run out of order shares its mean (inRankOrder). A
// question whose best passage is less likely than the threshold has no good match in the library.
import { CALIBRATIONS } from './calibration.js';

/** Logistic-regression weights and the no-good-match cut for one pair of models (fitted by eval/relevance.ts). */
export interface Calibration {
  bias: number;
  /** Weight of the cross-encoder's logit (0 without re-ranking). */
  rerank: number;
  cosine: number;
  maxCosine: number;
  /** Best passage's relevance below this: "no good match". */
  threshold: number;
  /**
   * With re-ranking: a second gate on the retrieval-only relevance (the "-" calibration) of the best passage. The
   * cross-encoder can be confident about text unlike anything it was trained on (made-up words); how close the
   * embeddings come is a signal it does not see. Absent: no second gate.
   */
  retrievalGate?: number;
  /** What it was fitted on, and when. */
  fitted: string;
}

export interface RelevanceFeatures {
  /** The cross-encoder's probability for the pair (sigmoid of its logit); absent when not re-ranking. */
  rerank?: number;
  /** Cosine between the question's and the passage's embeddings. */
  cosine: number;
  /** The best cosine among all the question's candidates: how close the library comes to the question at all. */
  maxCosine: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** sigmoid⁻¹, clamped so a saturated probability stays finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
}

/** The calibration fitted for this pair of models, with the cross-encoder or without it. */
export function calibrationFor(embeddingModel: string, rerankerModel: string | null): Calibration | null {
  return CALIBRATIONS[`${embeddingModel}|${rerankerModel ?? '-'}`] ?? null;
}

export function relevance(f: RelevanceFeatures, c: Calibration | null): number {
  if (!c) return f.rerank ?? Math.max(0, f.cosine); // no fit for these models: the raw signal, uncalibrated
  const z = c.bias + c.cosine * f.cosine + c.maxCosine * f.maxCosine + (f.rerank === undefined ? 0 : c.rerank * logit(f.rerank));
  return sigmoid(z);
}

/**
 * Relevances of passages in the order shown, made to read in that order: the non-increasing sequence nearest to them
 * (isotonic regression by pool-adjacent-violators, least squares), so a passage never reads as likelier than one
 * ranked above it; a run of passages out of order shares its mean. Already non-increasing: returned as it is.
 */
export function inRankOrder(values: readonly number[]): number[] {
  const pools: Array<{ sum: number; n: number }> = [];
  for (const v of values) {
    pools.push({ sum: v, n: 1 });
    while (pools.length > 1 && pools.at(-2)!.sum / pools.at(-2)!.n < pools.at(-1)!.sum / pools.at(-1)!.n) {
      const last = pools.pop()!;
      pools.at(-1)!.sum += last.sum;
      pools.at(-1)!.n += last.n;
    }
  }
  return pools.flatMap((p) => new Array<number>(p.n).fill(p.sum / p.n));
}

/**
 * True when even the best passage is unlikely to answer (an empty result counts as no match), or, with re-ranking,
 * when the best retrieval-only relevance is under the calibration's second gate.
 */
export function noGoodMatch(best: number | undefined, c: Calibration | null, bestRetrieval?: number): boolean {
  if (best === undefined || best < (c?.threshold ?? 0.5)) return true;
  return c?.retrievalGate !== undefined && bestRetrieval !== undefined && bestRetrieval < c.retrievalGate;
}
