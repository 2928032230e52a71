// One changed file on its way into the index: hashed (a file only touched keeps its chunks), then parsed and
// chunked off-thread, or classified as skipped or failed with a reason the user can read.
import type { Chunk } from '../common/types.js';
import { sha256File } from './hash.js';
import type { Catalog } from './store/catalog.js';

/** Parses and chunks one file (in a worker): its chunks, and how many of its pages were read by OCR. Throws
 * FileProblem for a file it cannot index. */
export type PrepareFile = (path: string) => Promise<{ chunks: Chunk[]; ocrPages?: number }>;

/** A file the walk found new or changed (by size or mtime). */
export interface Pending {
  path: string;
  root: string;
  size: number;
  mtime: number;
  hash: string;
  fresh: boolean;
}

/** Its outcome: chunks to embed, none (unchanged content), or a problem. */
export interface Prepared extends Pending {
  chunks?: Chunk[];
  ocrPages?: number;
  problem?: { state: 'skipped' | 'failed'; reason: string };
}

function problemOf(err: unknown): { state: 'skipped' | 'failed'; reason: string } | null {
  if (err instanceof Error && err.name === 'FileProblem') {
    return { state: (err as Error & { state: 'skipped' | 'failed' }).state, reason: err.message };
  }
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return { state: 'failed', reason: 'file disappeared while indexing' };
  if (code === 'EACCES' || code === 'EPERM') return { state: 'failed', reason: 'permission denied' };
  return null;
}

/** Never throws: a parser bug fails its file (logged in full) and the run goes on. */
export async function prepareChanged(
  p: Pending,
  catalog: Catalog,
  prepare: PrepareFile,
  log: (line: string) => void,
): Promise<Prepared> {
  try {
    const hash = await sha256File(p.path);
    const prev = catalog.file(p.path);
    if (prev && prev.hash === hash && (prev.state === 'indexed' || prev.state === 'unchanged')) {
      return { ...p, hash }; // touched but not changed: no chunks, no problem
    }
    const { chunks, ocrPages } = await prepare(p.path);
    return { ...p, hash, chunks, ...(ocrPages ? { ocrPages } : {}) };
  } catch (err) {
    const problem = problemOf(err);
    if (problem) return { ...p, problem };
    log(`error parsing ${p.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return {
      ...p,
      problem: { state: 'failed', reason: `could not parse: ${String((err as Error)?.message ?? err).split('\n')[0]}` },
    };
  }
}
