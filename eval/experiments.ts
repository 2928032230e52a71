// What the evaluation runs: the main table (held-out test slices), the tuning grid (separate tune slices)
// and the chunker comparison. Every run goes through the CLI with explicit flags; the main table leaves
// K, the RRF constant and the heading switch at the shipped defaults.
export type Suite = 'main' | 'tune' | 'chunking';
export type Slice = 'test' | 'tune';

export interface Experiment {
  suite: Suite;
  corpus: string;
  slice: Slice;
  chunker: string;
  label: string;
  flags: string[];
  rerank: boolean;
  relevance: 'passage' | 'answer';
  /**
   * Smaller candidate counts read off one re-ranked run (--top = K): re-ranking the k best-fused candidates of
   * it. Exact for dense; for hybrid the fused order of K-long lists stands in for that of k-long lists.
   */
  derive?: number[];
  /**
   * Re-ranked orders for several first-stage weights (SearchDefaults.rerankBlend) read off one run made with
   * --rerank-blend 0 and --top = K: every candidate comes back with its cross-encoder and retrieval scores, and
   * the search service's own rerankOrder re-orders them. Exact, since the blend only re-orders the K candidates.
   */
  blends?: number[];
}

export const BLENDS = [0, 0.25, 0.5, 1, 2, 4];

export const PARAGRAPHS = 'paragraphs';
export const WINDOWS = ['windows:128:32', 'windows:256:32'];
/**
 * The paragraph chunker with other merge targets (PARASCOPE_CHUNKER=paragraphs:N: paragraphs under one heading
 * merge until a chunk holds N tokens; the default is 192, and 32 is the first release's one-paragraph chunks).
 */
export const MERGED = ['paragraphs:32', 'paragraphs:96'];

const MAIN: Array<[string, string[], boolean]> = [
  ['lexical (BM25)', ['--mode', 'lexical', '--no-rerank'], false],
  ['dense', ['--mode', 'dense', '--no-rerank'], false],
  ['hybrid (RRF)', ['--mode', 'hybrid', '--no-rerank'], false],
  ['dense + re-rank', ['--mode', 'dense', '--rerank'], true],
  ['hybrid + re-rank', ['--mode', 'hybrid', '--rerank'], true],
];

export function experiments(suites: Suite[], corpora: string[], tuneK: number): Experiment[] {
  const out: Experiment[] = [];
  for (const corpus of corpora) {
    const base = { corpus, chunker: PARAGRAPHS, relevance: 'passage' as const };
    if (suites.includes('main')) {
      for (const [label, flags, rerank] of MAIN) out.push({ ...base, suite: 'main', slice: 'test', label, flags, rerank });
    }
    if (suites.includes('tune')) {
      const t = { ...base, suite: 'tune' as const, slice: 'tune' as const };
      for (const k of [10, 30, 60, 100]) {
        out.push({ ...t, label: `hybrid, rrf k=${k}`, flags: ['--mode', 'hybrid', '--no-rerank', '--rrf-k', `${k}`], rerank: false });
      }
      out.push({ ...t, label: 'dense', flags: ['--mode', 'dense', '--no-rerank'], rerank: false });
      out.push({ ...t, label: 'lexical (BM25)', flags: ['--mode', 'lexical', '--no-rerank'], rerank: false });
      const rr = (k: number, rrf: number, heading: boolean): string[] =>
        ['--mode', 'hybrid', '--rerank', '--candidates', `${k}`, '--rrf-k', `${rrf}`, '--rerank-heading', `${heading}`];
      // CPU-bound: one re-ranked run at K=30 (--top 30) gives K = 5, 10, 20, 30 (see derive)
      out.push({ ...t, label: 'hybrid + re-rank, rrf k=60', flags: [...rr(30, 60, false), '--top', '30'], rerank: true, derive: [5, 10, 20, 30] });
      // the weight of the retrieval score in the re-ranked order, at the shipped K and RRF constant
      // (with and without the heading path where there are headings)
      for (const mode of ['dense', 'hybrid']) {
        for (const heading of corpus === 'squad' ? [false] : [false, true]) {
          out.push({
            ...t,
            label: `${mode} + re-rank${heading ? ', heading' : ''}`,
            flags: ['--mode', mode, '--rerank', '--rerank-blend', '0', '--top', `${tuneK}`, '--candidates', `${tuneK}`, '--rerank-heading', `${heading}`],
            rerank: true,
            blends: BLENDS,
          });
        }
      }
      // plain-text SQuAD files have no headings: the switch can only matter on the FAQ
      if (corpus !== 'squad') {
        out.push({ ...t, label: `hybrid + re-rank, K=${tuneK}, rrf k=60, heading`, flags: rr(tuneK, 60, true), rerank: true });
        out.push({ ...t, label: `hybrid + re-rank, K=${tuneK}, rrf k=60, no heading`, flags: rr(tuneK, 60, false), rerank: true });
      }
    }
    if (suites.includes('chunking')) {
      // the tuning slices choose the default chunker; the test slices report
      for (const [slice, chunker] of (['tune', 'test'] as const).flatMap((sl) => [PARAGRAPHS, ...MERGED, ...WINDOWS].map((ch) => [sl, ch] as const))) {
        const c = { corpus, chunker, suite: 'chunking' as const, slice, relevance: 'answer' as const };
        out.push({ ...c, label: 'dense', flags: ['--mode', 'dense', '--no-rerank'], rerank: false });
        out.push({ ...c, label: 'hybrid (RRF)', flags: ['--mode', 'hybrid', '--no-rerank'], rerank: false });
        out.push({ ...c, label: 'hybrid + re-rank', flags: ['--mode', 'hybrid', '--rerank'], rerank: true });
      }
    }
  }
  return out;
}
