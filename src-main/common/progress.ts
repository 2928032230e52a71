// What the progress bars of the window and the CLI show of an index run.
import type { IndexProgress } from './types.js';

/**
 * Files done, with the share of a long call to the embedder that has run (files count as done only when all their
 * passages are stored; IndexProgress.embedding moves the bar on while a large file is embedded).
 */
export function filesShown(p: IndexProgress): number {
  const e = p.embedding;
  return p.filesDone + (e && e.total > 0 ? (e.files * e.done) / e.total : 0);
}
