// The HTTP status for each engine error code (the bridge's mapping; the envelope carries the code itself).
import type { ErrorCode } from '../common/errors.js';

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
      return 400;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'NO_INDEX':
    case 'INDEX_MISMATCH':
    case 'LOCKED':
    case 'CANCELLED':
      return 409;
    case 'NOT_A_FOLDER':
    case 'EMPTY_FOLDER':
      return 422;
    default:
      return 500;
  }
}
