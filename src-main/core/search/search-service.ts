// Retrieve & Re-Rank: the question is embedded, K candidates come from LanceDB (dense, BM25 or both
// fused by RRF), the cross-encoder scores every (question, passage) pair, the best N are returned.
import { ParascopeError } from '../../common/errors.js';
import { DEFAULT_SETTINGS, type Passage, type RetrievalMode, type SearchOptions, type SearchResult } from '../../common/types.js';
import type { Embedder } from '../embed/embedder.js';
import type { Reranker } from '../rerank/reranker.js';
import type { ChunkHit, VectorStore } from '../store/vector-store.js';
import { rrf } from './fusion.js';

export interface SearchDefaults {
  top: number;
  candidates: number;
  mode: RetrievalMode;
  rerank: boolean;
  rrfK: number;
  /** Prefix each passage with its heading path for the cross-encoder. */
  rerankWithHeading: boolean;
  /**
   * Weight of the first-stage score in the re-ranked order: each candidate's final score is
   * z(cross-encoder score) + rerankBlend × z(retrieval score), both standardized over the candidates of the
   * question. 0 ranks by the cross-encoder alone.
   */
  rerankBlend: number;
}

// Chosen on the tuning slices of docs/quality.md (npm run eval), never on the test slices: hybrid retrieval holds the
// answer in its top 20 about as often as in its top 30; a small RRF constant fused best on both corpora; the
// bundled cross-encoder beats dense-only on both held-out corpora, does best with its score blended 1:1 with the
// retrieval score (hybrid, weight 0 -> 1: SQuAD 88.8 -> 90.4, FAQ 70.6 -> 76.4 nDCG@10), and without the heading
// path in front of the passage (FAQ hybrid 76.4 without against 75.2 with; SQuAD's text files have no headings):
// with section-sized chunks the heading line mostly costs passage tokens within the re-ranker's 192.
// (candidates, mode and re-rank are user settings: their defaults live in DEFAULT_SETTINGS)
export const SEARCH_DEFAULTS: SearchDefaults = {
  top: 5,
  candidates: DEFAULT_SETTINGS.candidates,
  mode: DEFAULT_SETTINGS.mode,
  rerank: DEFAULT_SETTINGS.rerank,
  rrfK: 10,
  rerankWithHeading: false,
  rerankBlend: 1,
};

/** Scores shifted and scaled to mean 0 and standard deviation 1 (all 0 when they are all equal). */
export function standardize(xs: readonly number[]): number[] {
  const mean = xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length));
  return xs.map((x) => (sd > 0 ? (x - mean) / sd : 0));
}

/** Cross-encoder scores combined with the retrieval scores of the same candidates (see SearchDefaults.rerankBlend). */
export function blendScores(rerank: readonly number[], retrieval: readonly number[], weight: number): number[] {
  if (weight === 0) return [...rerank];
  const r = standardize(rerank);
  const f = standardize(retrieval);
  return r.map((x, i) => x + weight * f[i]!);
}

/**
 * The re-ranked order: each candidate scored by blendScores, best first, ties kept in retrieval order.
 * The search service and the evaluation (which re-orders saved runs for other weights) both use it.
 */
export function rerankOrder<T extends { retrievalRank: number; retrievalScore: number }>(
  candidates: readonly T[],
  rerankScores: readonly number[],
  weight: number,
): Array<T & { score: number }> {
  const s = blendScores(rerankScores, candidates.map((c) => c.retrievalScore), weight);
  return candidates
    .map((c, i) => ({ ...c, score: s[i]! }))
    .sort((a, b) => b.score - a.score || a.retrievalRank - b.retrievalRank);
}

export class SearchService {
  constructor(
    private readonly store: VectorStore,
    private readonly embedder: () => Promise<Embedder>,
    private readonly reranker: () => Promise<Reranker>,
    private readonly defaults: () => SearchDefaults,
  ) {}

  async ask(question: string, opts: SearchOptions = {}): Promise<SearchResult> {
    const d = this.defaults();
    const top = opts.top ?? d.top;
    const k = opts.candidates ?? d.candidates;
    const mode = opts.mode ?? d.mode;
    const rerank = opts.rerank ?? d.rerank;
    const rrfK = opts.rrfK ?? d.rrfK;
    const withHeading = opts.rerankWithHeading ?? d.rerankWithHeading;
    const blend = opts.rerankBlend ?? d.rerankBlend;
    const q = question.trim();
    if (!q) throw new ParascopeError('BAD_REQUEST', 'The question is empty; type a question.');

    const total = await this.store.count();
    if (total === 0) {
      throw new ParascopeError('NO_INDEX', 'Nothing is indexed yet; add a folder first (parascope index <folder>).');
    }

    let t = performance.now();
    const everything = total <= k && rerank; // a small collection skips retrieval: every chunk is a candidate
    const needDense = mode !== 'lexical' || everything;
    const qv = needDense ? await (await this.embedder()).embedQuery(q) : null;
    const embedMs = performance.now() - t;

    t = performance.now();
    let candidates: ChunkHit[];
    if (everything) {
      candidates = await this.store.searchDense(qv!, total);
    } else if (mode === 'dense') {
      candidates = await this.store.searchDense(qv!, k);
    } else if (mode === 'lexical') {
      candidates = await this.store.searchLexical(q, k);
    } else {
      const [dense, lexical] = await Promise.all([this.store.searchDense(qv!, k), this.store.searchLexical(q, k)]);
      candidates = rrf([dense, lexical], rrfK)
        .slice(0, k)
        .map((c) => ({ ...c, score: c.fused }));
    }
    const searchMs = performance.now() - t;

    t = performance.now();
    let ranked = candidates.map((c, i) => ({ hit: c, retrievalRank: i + 1, retrievalScore: c.score, score: c.score }));
    if (rerank && ranked.length) {
      const model = await this.reranker();
      const texts = candidates.map((c) => (withHeading && c.heading ? `${c.heading}\n${c.text}` : c.text));
      ranked = rerankOrder(ranked, await model.score(q, texts), blend);
    }
    const rerankMs = rerank ? performance.now() - t : 0;

    const passages: Passage[] = ranked.slice(0, top).map(({ hit, retrievalRank, retrievalScore, score }) => ({
      id: hit.id,
      path: hit.path,
      root: hit.root,
      text: hit.text,
      heading: hit.heading,
      page: hit.page,
      line: hit.line,
      start: hit.start,
      end: hit.end,
      retrievalRank,
      score,
      retrievalScore,
    }));
    return { question: q, passages, timings: { embedMs, searchMs, rerankMs } };
  }
}
