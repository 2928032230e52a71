// Progress inside one call to the embedder. A large file (or a group of files) is one call, sorted by length into
// batches; without this the counts, the bar and the file named would sit still until the whole call returned. The
// embedder reports after each batch; this passes it on at most every PROGRESS_MS, with the passages so far, the
// rate, the call's largest file as the current one and an ETA from the call's own pace plus the files after it.
// Files still count as done only when all their passages are stored (IndexingService).
import type { IndexProgress } from '../common/types.js';
import type { Prepared } from './file-prepare.js';

/** How often a long call to the embedder reports how far it is. */
export const PROGRESS_MS = 250;

export interface EmbedCall {
  /** The files of the call, problems and unchanged ones included (they hold no passages of it). */
  files: readonly Prepared[];
  /** Passages in the call. */
  total: number;
  /** Passages stored by the run before this call. */
  chunksBefore: number;
  /** When the run and the call began (performance.now()). */
  runStart: number;
  callStart: number;
}

/** The embedder's onBatch for one call: updates `progress` (IndexProgress.embedding and the counts) and emits. */
export function embedProgress(call: EmbedCall, progress: IndexProgress, emit: () => void): (done: number) => void {
  const withText = call.files.filter((f) => !f.problem && f.chunks?.length);
  const largest = withText.reduce<Prepared | undefined>(
    (m, f) => (f.chunks!.length > (m?.chunks?.length ?? 0) ? f : m),
    undefined,
  );
  let last = call.callStart;
  return (done) => {
    const now = performance.now();
    if (now - last < PROGRESS_MS || done >= call.total) return; // the call's end is reported file by file
    last = now;
    const secs = Math.max((now - call.runStart) / 1000, 1e-3);
    progress.currentFile = largest?.path ?? progress.currentFile;
    progress.chunksDone = call.chunksBefore + done;
    progress.chunksPerSecond = progress.chunksDone / secs;
    // the rest of this call at its own pace, then the files after it at the run's pace so far
    const after = progress.filesTotal - progress.filesDone - withText.length;
    const fileRate = progress.filesDone / secs;
    const callEta = ((call.total - done) * (now - call.callStart)) / 1000 / done;
    progress.etaSeconds = Math.round(callEta + (after > 0 && fileRate > 0 ? after / fileRate : 0));
    progress.embedding = { done, total: call.total, files: withText.length };
    emit();
  };
}
