// Errors carry codes so they survive IPC and HTTP as `{code, message}` and are shown as one sentence.

export type ErrorCode =
  | 'NOT_FOUND' // a folder or file the user named does not exist
  | 'NOT_A_FOLDER'
  | 'EMPTY_FOLDER'
  | 'NO_INDEX' // asked before anything was indexed
  | 'INDEX_MISMATCH' // index built with another model or chunker: rebuild needed
  | 'MODEL_INVALID' // a model file is missing, truncated or altered
  | 'LOCKED' // another index run holds the data dir
  | 'BAD_REQUEST' // malformed input (IPC / HTTP payload, CLI arguments)
  | 'FORBIDDEN' // a path outside the added folders, a bad token or origin
  | 'CANCELLED'
  | 'INTERNAL';

export interface SerializedError {
  code: ErrorCode;
  message: string;
}

/** An error meant for the user: its message is one sentence that says what to do. */
export class ParascopeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ParascopeError';
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message };
  }
}

export function isCancellation(err: unknown): boolean {
  return (err instanceof ParascopeError && err.code === 'CANCELLED') || (err instanceof Error && err.name === 'AbortError');
}

/** "…/<base name>" for an absolute path, "…" when it has none (a root). */
function elide(path: string): string {
  const base =
    path
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  return base && !/^[A-Za-z]:$/.test(base) ? `…/${base}` : '…';
}

const PATH_BODY = String.raw`[^\s'"\x60<>|,;:()\[\]{}]`;
const ABSOLUTE = [
  String.raw`file:\/\/(?:${PATH_BODY}|:)*`, // file:// URLs (file:///C:/… too)
  String.raw`[A-Za-z]:[\\/]${PATH_BODY}*`, // C:\… and C:/…
  String.raw`\\\\${PATH_BODY}+`, // \\server\share\…
  String.raw`\/${PATH_BODY}+`, // /…
].join('|');
// Quoted paths may hold spaces; unquoted ones end at a space. An unquoted one must start a word ("a/b" is relative).
const QUOTED = new RegExp(String.raw`(['"\x60])((?:${ABSOLUTE})[^'"\x60\n]*)\1`, 'g');
const BARE = new RegExp(String.raw`(^|[\s=(\[{,;])(${ABSOLUTE})`, 'g');

/**
 * Replaces absolute paths and file:// URLs in a bug's message with their base names: the window and the
 * terminal see which file, not where the user's home or the install folder is. The log keeps the full error.
 */
export function redactPaths(text: string): string {
  return text
    .replace(QUOTED, (_m, q: string, p: string) => `${q}${elide(p)}${q}`)
    .replace(BARE, (_m, pre: string, p: string) => `${pre}${elide(p)}`);
}

/** Serializes any thrown value; bugs become INTERNAL with their message, paths elided (the stack stays in the log). */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof ParascopeError) return err.toJSON();
  if (isCancellation(err)) return { code: 'CANCELLED', message: 'Cancelled.' };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: redactPaths(message) };
}
