// Retrieve & Re-Rank: the question is embedded, K candidates come from LanceDB (dense, BM25 or both
// fused by RRF), the cross-encoder scores every (question, passage) pair, the best N are returned.
import { ParascopeError } from '../../common/errors.js';
import { locationLabel } from '../../common/location.js';
import { DEFAULT_SETTINGS, type Passage, type RetrievalMode, type SearchOptions, type SearchResult } from '../../common/types.js';
import type { Embedder } from '../embed/embedder.js';
import type { Reranker } from '../rerank/reranker.js';
import type { ChunkHit, VectorStore } from '../store/vector-store.js';
import { rrf } from './fusion.js';
import { inRankOrder, noGoodMatch, relevance, type Calibration } from './relevance.js';
import { spelledRight } from './english-words.js';
import { correctSpelling } from './spelling.js';
import { foldCopies, type Folded } from './copies.js';
import { withNumberForms } from './numbers.js';

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
  /** Edit distance a question's word may be from an indexed word in the lexical leg (typos); 0 = exact words. */
  fuzziness: number;
  /** Misspelled words corrected against the library's own words before every stage (spelling.ts). */
  spelling: boolean;
  /** Copies of a shown passage listed under it instead of taking places of their own (copies.ts). */
  foldCopies: boolean;
}

// Chosen on the tuning slices of all seven corpora of docs/quality.md (npm run eval, mean nDCG@10 over the corpora),
// never on the test slices: hybrid retrieval with the heading path in front of each passage for the cross-encoder
// (which half of its stage-2 training saw) and its score blended 1:1 with the retrieval score is the best setting
// run, 73.1 against 71.7 without the heading line (QED 96.9 against 91.9, MedQuAD 80.4 against 76.6), 72.7 / 72.4
// at weight 2 / 0.5 and 68.6 for hybrid alone; 20 candidates, since 30 is level (71.8) at 1.5x the time and 10
// (72.2 without the heading) holds the answer less often (FAQ 91.4 % against 96.6 %); RRF k = 10 fuses best (68.6
// against 68.5 / 68.4 for 30 / 60). Dense + re-rank (69.9) is below hybrid + re-rank on five corpora of seven.
// (candidates, mode and re-rank are user settings: their defaults live in DEFAULT_SETTINGS)
export const SEARCH_DEFAULTS: SearchDefaults = {
  top: 5,
  candidates: DEFAULT_SETTINGS.candidates,
  mode: DEFAULT_SETTINGS.mode,
  rerank: DEFAULT_SETTINGS.rerank,
  rrfK: 10,
  rerankWithHeading: true,
  rerankBlend: 1,
  fuzziness: 0,
  spelling: true,
  foldCopies: true,
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

function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ParascopeError('CANCELLED', 'Cancelled.');
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
  const s = blendScores(
    rerankScores,
    candidates.map((c) => c.retrievalScore),
    weight,
  );
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
    /** The relevance calibration for the models in use, with re-ranking (true) or without. */
    private readonly calibration: (reranked: boolean) => Calibration | null = () => null,
  ) {}

  /** A question's passages. `signal` (a superseded question, a Cancel) stops it between stages and between
   * re-ranking batches with CANCELLED, so an abandoned question stops taking the CPU from the next one. */
  async ask(question: string, opts: SearchOptions = {}, signal?: AbortSignal): Promise<SearchResult> {
    const d = this.defaults();
    const top = opts.top ?? d.top;
    const k = opts.candidates ?? d.candidates;
    const mode = opts.mode ?? d.mode;
    const rerank = opts.rerank ?? d.rerank;
    const rrfK = opts.rrfK ?? d.rrfK;
    const withHeading = opts.rerankWithHeading ?? d.rerankWithHeading;
    const blend = opts.rerankBlend ?? d.rerankBlend;
    const fuzziness = opts.fuzziness ?? d.fuzziness;
    const asked = question.trim();
    if (!asked) throw new ParascopeError('BAD_REQUEST', 'The question is empty; type a question.');

    stopIfAborted(signal);
    const total = await this.store.count();
    if (total === 0) {
      throw new ParascopeError('NO_INDEX', 'Nothing is indexed yet; add a folder first (parascope index <folder>).');
    }

    const everything = total <= k && rerank; // a small collection skips retrieval: every chunk is a candidate
    let t = performance.now();
    // the library's words (saved beside the table: a new process loads them) load while the models do
    const words = (opts.spelling ?? d.spelling) ? this.store.vocabulary() : null;
    words?.catch(() => undefined); // awaited below; not left unhandled if the models fail to load first
    const embedder = await this.embedder(); // loaded by the first question: counted as embedding, as before
    const loadMs = performance.now() - t;
    // waiting for the library's words is a store read: its time counts as search, not as embedding
    t = performance.now();
    const spelled = words ? correctSpelling(asked, await words, spelledRight(embedder.knownWords)) : null;
    const q = spelled?.question ?? asked;
    const spellMs = performance.now() - t;
    stopIfAborted(signal);

    t = performance.now();
    // the question's vector is needed in every mode: each passage's cosine is a relevance signal
    const qv = await embedder.embedQuery(q);
    stopIfAborted(signal);
    const embedMs = loadMs + performance.now() - t;

    t = performance.now();
    let candidates: ChunkHit[];
    if (everything) {
      candidates = await this.store.searchDense(qv, total);
    } else if (mode === 'dense') {
      candidates = await this.store.searchDense(qv, k);
    } else if (mode === 'lexical') {
      candidates = await this.store.searchLexical(withNumberForms(q), k, fuzziness);
    } else {
      const [dense, lexical] = await Promise.all([
        this.store.searchDense(qv, k),
        this.store.searchLexical(withNumberForms(q), k, fuzziness),
      ]);
      candidates = rrf([dense, lexical], rrfK)
        .slice(0, k)
        .map((c) => ({ ...c, score: c.fused }));
    }
    const cosine = await this.cosinesOf(candidates, qv, mode === 'dense' || everything);
    const searchMs = spellMs + performance.now() - t;
    stopIfAborted(signal);

    t = performance.now();
    type Ranked = { hit: ChunkHit; retrievalRank: number; retrievalScore: number; score: number; rerankScore?: number };
    let ranked: Ranked[] = candidates.map((c, i) => ({ hit: c, retrievalRank: i + 1, retrievalScore: c.score, score: c.score }));
    if (rerank && ranked.length) {
      const model = await this.reranker();
      const texts = candidates.map((c) => (withHeading && c.heading ? `${c.heading}\n${c.text}` : c.text));
      const scores = await model.score(q, texts, signal);
      ranked = rerankOrder(
        ranked.map((r, i) => ({ ...r, rerankScore: scores[i]! })),
        scores,
        blend,
      );
    }
    const rerankMs = rerank ? performance.now() - t : 0;

    const cal = this.calibration(rerank);
    const maxCosine = Math.max(0, ...cosine.values());
    const relevanceOf = ({ hit, rerankScore }: Ranked): number =>
      relevance(
        { cosine: cosine.get(hit.id) ?? 0, maxCosine, ...(rerankScore === undefined ? {} : { rerank: rerankScore }) },
        cal,
      );
    const shown: Folded<Ranked>[] =
      (opts.foldCopies ?? d.foldCopies)
        ? foldCopies(ranked, (r) => r.hit.text, top)
        : ranked.slice(0, top).map((item) => ({ item, copies: [] }));
    // read in the order shown (a copy listed under a passage keeps its own)
    const shownRelevance = inRankOrder(shown.map(({ item }) => relevanceOf(item)));
    const passages: Passage[] = shown.map(({ item: { hit, retrievalRank, retrievalScore, score, rerankScore }, copies }, i) => ({
      id: hit.id,
      path: hit.path,
      root: hit.root,
      text: hit.text,
      heading: hit.heading,
      page: hit.page,
      line: hit.line,
      location: locationLabel(hit),
      start: hit.start,
      end: hit.end,
      retrievalRank,
      score,
      retrievalScore,
      cosine: cosine.get(hit.id) ?? 0,
      ...(rerankScore === undefined ? {} : { rerankScore }),
      relevance: shownRelevance[i]!,
      ...(copies.length
        ? {
            alsoIn: copies.map((c) => ({
              id: c.hit.id,
              path: c.hit.path,
              root: c.hit.root,
              page: c.hit.page,
              line: c.hit.line,
              location: locationLabel(c.hit),
              start: c.hit.start,
              end: c.hit.end,
              relevance: relevanceOf(c),
            })),
          }
        : {}),
    }));
    // the first passage: the relevances shown never rise down the list
    const best = passages[0]?.relevance;
    const plain = rerank ? this.calibration(false) : null;
    const bestRetrieval = plain ? Math.max(...passages.map((p) => relevance({ cosine: p.cosine, maxCosine }, plain))) : undefined;
    return {
      question: asked,
      ...(spelled?.corrections.length ? { correctedQuestion: q } : {}),
      passages,
      timings: { embedMs, searchMs, rerankMs },
      noGoodMatch: noGoodMatch(best, cal, bestRetrieval),
    };
  }

  /** Each candidate's cosine to the question: dense hits carry it as their score; BM25 hits are looked up. */
  private async cosinesOf(candidates: ChunkHit[], qv: Float32Array, allDense: boolean): Promise<Map<string, number>> {
    if (allDense) return new Map(candidates.map((c) => [c.id, c.score]));
    return this.store.cosines(
      candidates.map((c) => c.id),
      qv,
    );
  }
}
