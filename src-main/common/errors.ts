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
  return (
    (err instanceof ParascopeError && err.code === 'CANCELLED') ||
    (err instanceof Error && err.name === 'AbortError')
  );
}

/** Serializes any thrown value; bugs become INTERNAL with their message (the stack stays in the log). */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof ParascopeError) return err.toJSON();
  if (isCancellation(err)) return { code: 'CANCELLED', message: 'Cancelled.' };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

export function isSerializedError(v: unknown): v is SerializedError {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as SerializedError).code === 'string' &&
    typeof (v as SerializedError).message === 'string'
  );
}
