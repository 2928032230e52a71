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
  /** Labels of the blend rows (default: "<label>, blend <w>"). */
  blendLabels?: string[];
}

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
];
/** The main table's re-ranked hybrid rows, both read off one run with --rerank-blend 0 (see `blends`). */
export const HYBRID_RERANK = 'hybrid + re-rank';
export const CE_ALONE = 'cross-encoder alone (blend 0)';
/** The shipped hybrid + re-rank row as the app shows it: copies of a shown passage listed under it (copies.ts). */
export const COPIES_FOLDED = 'hybrid + re-rank, copies folded';

/** The tuning grid's weights of the retrieval score, and candidate counts read off one K = 30 run. */
export const TUNE_BLENDS = [0, 0.5, 1, 2];
export const TUNE_KS = [10, 20, 30];

export function experiments(suites: Suite[], corpora: string[], defaults: { candidates: number; blend: number }): Experiment[] {
  const out: Experiment[] = [];
  for (const corpus of corpora) {
    const base = { corpus, chunker: PARAGRAPHS, relevance: 'passage' as const };
    if (suites.includes('main')) {
      for (const [label, flags, rerank] of MAIN) out.push({ ...base, suite: 'main', slice: 'test', label, flags, rerank });
      const k = `${defaults.candidates}`;
      out.push({
        ...base,
        suite: 'main',
        slice: 'test',
        label: HYBRID_RERANK,
        flags: ['--mode', 'hybrid', '--rerank', '--rerank-blend', '0', '--candidates', k, '--top', k],
        rerank: true,
        blends: [defaults.blend, 0],
        blendLabels: [HYBRID_RERANK, CE_ALONE],
      });
    }
    if (suites.includes('tune')) {
      const t = { ...base, suite: 'tune' as const, slice: 'tune' as const };
      for (const k of [10, 30, 60]) {
        out.push({
          ...t,
          label: `hybrid, rrf k=${k}`,
          flags: ['--mode', 'hybrid', '--no-rerank', '--rrf-k', `${k}`],
          rerank: false,
        });
      }
      out.push({ ...t, label: 'dense', flags: ['--mode', 'dense', '--no-rerank'], rerank: false });
      out.push({ ...t, label: 'lexical (BM25)', flags: ['--mode', 'lexical', '--no-rerank'], rerank: false });
      // CPU-bound, so three re-ranked runs, each with --rerank-blend 0 (every blend weight read off it): hybrid at
      // K = 30 (K = 10 and 20 read off it too), hybrid with the heading line, dense
      const rr = (mode: string, k: number, heading: boolean): string[] => [
        '--mode',
        mode,
        '--rerank',
        '--rerank-blend',
        '0',
        '--candidates',
        `${k}`,
        '--top',
        `${k}`,
        '--rerank-heading',
        `${heading}`,
      ];
      const max = Math.max(...TUNE_KS);
      out.push({
        ...t,
        label: 'hybrid + re-rank',
        flags: rr('hybrid', max, false),
        rerank: true,
        derive: TUNE_KS,
        blends: TUNE_BLENDS,
      });
      out.push({
        ...t,
        label: 'hybrid + re-rank, heading',
        flags: rr('hybrid', defaults.candidates, true),
        rerank: true,
        blends: TUNE_BLENDS,
      });
      out.push({
        ...t,
        label: 'dense + re-rank',
        flags: rr('dense', defaults.candidates, false),
        rerank: true,
        blends: TUNE_BLENDS,
      });
    }
    if (suites.includes('chunking')) {
      // the tuning slices choose the default chunker; the test slices report
      for (const [slice, chunker] of (['tune', 'test'] as const).flatMap((sl) =>
        [PARAGRAPHS, ...MERGED, ...WINDOWS].map((ch) => [sl, ch] as const),
      )) {
        const c = { corpus, chunker, suite: 'chunking' as const, slice, relevance: 'answer' as const };
        out.push({ ...c, label: 'dense', flags: ['--mode', 'dense', '--no-rerank'], rerank: false });
        out.push({ ...c, label: 'hybrid (RRF)', flags: ['--mode', 'hybrid', '--no-rerank'], rerank: false });
        out.push({ ...c, label: 'hybrid + re-rank', flags: ['--mode', 'hybrid', '--rerank'], rerank: true });
      }
    }
  }
  return out;
}
