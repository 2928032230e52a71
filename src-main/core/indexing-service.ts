// The indexing flow: walk → (changed files only) parse+chunk off-thread → embed (several small files at once) →
// commit in batches.
// Work is committed every few hundred chunks (or 10 s) together with the catalog, so a crash loses at most one
// batch, and the next run picks up where this one stopped (unchanged files are recognised by hash).
import { resolve } from 'node:path';
import { ParascopeError, isCancellation } from '../common/errors.js';
import type { IndexProgress, IndexSummary } from '../common/types.js';
import type { Embedder } from './embed/embedder.js';
import { embedProgress } from './embed-progress.js';
import { walk } from './ingest/walker.js';
import { assertFolder } from './library-paths.js';
import { prepareChanged, type Pending, type PrepareFile, type Prepared } from './file-prepare.js';
import type { Catalog, FileRecord } from './store/catalog.js';
import type { StoredChunk, VectorStore } from './store/vector-store.js';

export interface IndexOptions {
  excludes: string[];
  maxFileBytes: number;
  signal?: AbortSignal;
  onProgress?: (p: IndexProgress) => void;
  /** Files parsed ahead of the embedder (bounded, and by 2 × embedChunks parsed chunks, so memory stays flat). */
  prefetch?: number;
  /** Chunks per commit. */
  batchChunks?: number;
  /**
   * Chunks of consecutive files embedded in one call (the embedder sorts them by length into batches); the files of
   * a call depend on their order only, so an index built twice holds the same vectors.
   */
  embedChunks?: number;
  /** Also commit when this long has passed since the last commit, so a crash on a slow machine loses little. */
  batchMs?: number;
}

/** Chunks in the run's first call to the embedder; each later call takes twice as many, up to embedChunks. */
const FIRST_GROUP_CHUNKS = 32;

/** Said of a file read by OCR, in its status: the text may hold recognition errors. */
function ocrNote(f: Prepared): { note?: string } {
  if (!f.ocrPages) return {};
  return { note: /\.pdf$/i.test(f.path) ? `read by OCR (${f.ocrPages} ${f.ocrPages === 1 ? 'page' : 'pages'})` : 'read by OCR' };
}

/** A summary of a run that did nothing yet. */
export function emptySummary(device: string): IndexSummary {
  return {
    roots: [],
    indexed: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    removed: 0,
    chunks: 0,
    device,
    seconds: 0,
    embedSeconds: 0,
    problems: [],
    cancelled: false,
    covered: [],
    absorbed: [],
  };
}

export class IndexingService {
  constructor(
    private readonly store: VectorStore,
    private readonly catalog: Catalog,
    private readonly embedder: Embedder,
    private readonly prepare: PrepareFile,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async index(rootsIn: string[], opts: IndexOptions): Promise<IndexSummary> {
    const started = performance.now();
    const roots = rootsIn.map((r) => resolve(r));
    for (const root of roots) await assertFolder(root);
    const summary: IndexSummary = { ...emptySummary(this.embedder.device), roots };
    const progress: IndexProgress = {
      phase: 'scanning',
      root: roots.join(', '),
      filesTotal: 0,
      filesDone: 0,
      chunksDone: 0,
      chunksPerSecond: 0,
      etaSeconds: null,
      currentFile: null,
    };
    const emit = (): void => opts.onProgress?.({ ...progress });
    emit();

    const pending: Pending[] = [];
    const seen = new Map<string, Set<string>>();
    const record = (root: string, path: string, rec: FileRecord): void => {
      this.catalog.setFile(path, rec);
      summary[rec.state]++;
      if (rec.state === 'failed' || rec.state === 'skipped') {
        summary.problems.push({ path, root, state: rec.state, chunks: rec.chunks, reason: rec.reason ?? '' });
      }
    };

    try {
      // the folders are in the library (marked partly indexed) from the first moment, so a crash or a cancel
      // leaves them visible with Resume instead of looking complete or vanishing
      for (const root of roots) {
        this.catalog.addRoot(root);
        this.catalog.setPartial(root, true);
      }
      await this.catalog.save();
      const queued = new Set<string>();
      for (const root of roots) {
        const known = this.catalog.filesUnder(root);
        const seenHere = new Set<string>();
        seen.set(root, seenHere);
        for await (const e of walk([root], { excludes: opts.excludes, maxFileBytes: opts.maxFileBytes, signal: opts.signal })) {
          seenHere.add(e.path);
          if (queued.has(e.path)) continue;
          queued.add(e.path);
          const prev = known[e.path];
          if (e.kind === 'skipped') {
            if (prev?.chunks) await this.store.deletePaths([e.path]);
            record(root, e.path, { hash: '', size: 0, mtime: 0, state: 'skipped', chunks: 0, reason: e.reason });
            continue;
          }
          const ok = prev && (prev.state === 'indexed' || prev.state === 'unchanged');
          if (ok && prev.size === e.size && prev.mtime === e.mtimeMs) {
            record(root, e.path, { ...prev, state: 'unchanged' });
            continue;
          }
          pending.push({ path: e.path, root, size: e.size, mtime: e.mtimeMs, hash: '', fresh: !prev?.chunks });
        }
      }
      progress.phase = 'indexing';
      progress.filesTotal = pending.length + summary.unchanged + summary.skipped;
      progress.filesDone = summary.unchanged + summary.skipped;
      emit();

      await this.processPending(pending, opts, summary, progress, emit, record);

      // files that are gone since the last run
      for (const root of roots) {
        const seenHere = seen.get(root)!;
        const gone = Object.keys(this.catalog.filesUnder(root)).filter((p) => !seenHere.has(p));
        if (gone.length) {
          await this.store.deletePaths(gone);
          for (const p of gone) this.catalog.deleteFile(p);
          summary.removed += gone.length;
        }
        this.catalog.markIndexed(root);
      }
      progress.phase = 'writing';
      emit();
      await this.store.optimize();
      await this.catalog.save();
      progress.phase = 'done';
    } catch (err) {
      await this.catalog.save();
      if (!isCancellation(err)) {
        progress.phase = 'error';
        emit();
        throw err;
      }
      summary.cancelled = true;
      progress.phase = 'cancelled';
    }
    summary.seconds = (performance.now() - started) / 1000;
    progress.currentFile = null;
    progress.etaSeconds = 0;
    emit();
    return summary;
  }

  private async processPending(
    pending: Pending[],
    opts: IndexOptions,
    summary: IndexSummary,
    progress: IndexProgress,
    emit: () => void,
    record: (root: string, path: string, rec: FileRecord) => void,
  ): Promise<void> {
    const prefetch = Math.max(1, opts.prefetch ?? 32);
    const batchChunks = opts.batchChunks ?? 512;
    const batchMs = opts.batchMs ?? 10_000;
    const embedChunks = opts.embedChunks ?? 512;
    const t0 = performance.now();
    let lastFlush = t0;
    let batch: { files: Prepared[]; rows: StoredChunk[] } = { files: [], rows: [] };

    const flush = async (): Promise<void> => {
      if (!batch.files.length) return;
      const { files, rows } = batch;
      batch = { files: [], rows: [] };
      lastFlush = performance.now();
      const fresh = files.every((f) => f.fresh);
      await this.store.replaceFiles(
        files.map((f) => f.path),
        rows,
        fresh,
      );
      for (const f of files) {
        record(f.root, f.path, {
          hash: f.hash,
          size: f.size,
          mtime: f.mtime,
          state: 'indexed',
          chunks: f.chunks!.length,
          ...ocrNote(f),
        });
      }
      await this.catalog.save();
    };

    // a bounded window of files parsed ahead of the embedder
    // (in files, and in the chunks of parsed files waiting, so memory stays flat however large the files)
    const queue: Array<{ file: Promise<Prepared>; chunks: number | null }> = []; // chunks: null until parsed
    let next = 0;
    const waiting = (): number => queue.reduce((n, q) => n + (q.chunks ?? 0), 0);
    const fill = (): void => {
      while (queue.length < prefetch && next < pending.length && waiting() < 2 * embedChunks) {
        const slot = {
          file: prepareChanged(pending[next++]!, this.catalog, this.prepare, this.log),
          chunks: null as number | null,
        };
        void slot.file.then((f) => (slot.chunks = f.chunks?.length ?? 0));
        queue.push(slot);
      }
    };
    fill();
    let groupChunks = Math.min(FIRST_GROUP_CHUNKS, embedChunks);
    while (queue.length) {
      if (opts.signal?.aborted) {
        await flush();
        throw new ParascopeError('CANCELLED', 'Cancelled.');
      }
      // the next files in order, up to about groupChunks chunks, are embedded in one call: the embedder sorts them
      // by length into batches, so the more files, the less padding (on python docs, one file at a time took
      // 46-49 s where 512 chunks at a time took 42 s). Which files go together follows their order alone, never
      // which parse finished first: int8 activations are quantised with one scale per batch, so a vector moves a
      // little with its batch-mates, and the same files must give the same index, run after run. The first calls
      // are small (32 chunks, doubling up to embedChunks), so the first files are done, and shown, within a second
      const group: Prepared[] = [];
      let size = 0;
      while (queue.length && size < groupChunks) {
        const f = await queue.shift()!.file;
        group.push(f);
        size += f.chunks?.length ?? 0;
        fill();
      }
      groupChunks = Math.min(embedChunks, groupChunks * 2);
      const texts = group.flatMap((f) => (f.problem ? [] : (f.chunks ?? []).map((c) => c.text)));
      const tEmbed = performance.now();
      // a long call (one large file, or many files) moves the counts while it runs, a few times a second
      const onBatch = embedProgress(
        { files: group, total: texts.length, chunksBefore: summary.chunks, runStart: t0, callStart: tEmbed },
        progress,
        emit,
      );
      const vectors = texts.length ? await this.embedder.embedDocuments(texts, opts.signal, onBatch) : [];
      delete progress.embedding;
      summary.embedSeconds += (performance.now() - tEmbed) / 1000;
      let at = 0;
      for (const f of group) {
        progress.currentFile = f.path;
        const prev = this.catalog.file(f.path);
        if (f.problem) {
          // a file that fails now but was indexed before keeps its chunks (nothing indexed is lost);
          // one that became empty or binary is skipped and its old text goes
          if (f.problem.state === 'skipped' && prev?.chunks) {
            await this.store.deletePaths([f.path]);
            prev.chunks = 0;
          }
          record(f.root, f.path, {
            hash: prev?.hash ?? '',
            size: f.size,
            mtime: prev?.mtime ?? 0,
            state: f.problem.state,
            chunks: prev?.chunks ?? 0,
            reason: f.problem.reason,
          });
        } else if (!f.chunks) {
          record(f.root, f.path, { ...prev!, size: f.size, mtime: f.mtime, state: 'unchanged' });
        } else {
          f.chunks.forEach((c) => batch.rows.push({ ...c, root: f.root, hash: f.hash, mtime: f.mtime, vector: vectors[at++]! }));
          batch.files.push(f);
          summary.chunks += f.chunks.length;
          progress.chunksDone = summary.chunks;
          if (batch.rows.length >= batchChunks || performance.now() - lastFlush >= batchMs) await flush();
        }
        progress.filesDone++;
        const secs = (performance.now() - t0) / 1000;
        progress.chunksPerSecond = secs > 0 ? progress.chunksDone / secs : 0;
        const rate = progress.filesDone / Math.max(secs, 1e-3);
        progress.etaSeconds = rate > 0 ? Math.round((progress.filesTotal - progress.filesDone) / rate) : null;
        emit();
      }
    }
    await flush();
  }
}
