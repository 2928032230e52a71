// One dispatcher for every transport: Electron IPC (app/ipc.ts) and the HTTP bridge both turn a
// (channel, unknown payload) pair into an envelope, so validation and error mapping live in one place.
import { isChannel, parseRequest, type Channel, type Request, type Response } from '../common/contract.js';
import { serializeError, type ErrorCode, type SerializedError } from '../common/errors.js';
import type { EngineChannel, EngineLike } from '../core/engine-api.js';

export type ShellChannel = Exclude<Channel, EngineChannel>;
export type ShellHandlers = { [C in ShellChannel]: (req: Request<C>) => Promise<Response<C>> };

export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: SerializedError };

const SHELL_CHANNELS: ReadonlySet<string> = new Set<ShellChannel>(['openPath', 'showInFolder', 'pickFolder', 'info']);

export function isShellChannel(c: Channel): c is ShellChannel {
  return SHELL_CHANNELS.has(c);
}

interface ZodLikeError {
  name: string;
  issues: { path: PropertyKey[]; message: string }[];
}

function isZodError(err: unknown): err is ZodLikeError {
  return err instanceof Error && err.name === 'ZodError' && Array.isArray((err as unknown as ZodLikeError).issues);
}

/** A ZodError becomes one line naming the first bad field; anything else goes through serializeError. */
export function toWireError(err: unknown): SerializedError {
  if (isZodError(err)) {
    const first = err.issues[0];
    const where = first && first.path.length ? first.path.map(String).join('.') : 'request';
    const extra = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem(s))` : '';
    return { code: 'BAD_REQUEST', message: `Invalid ${where}: ${first?.message ?? 'malformed request'}${extra}.` };
  }
  return serializeError(err);
}

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

export interface Dispatcher {
  (channel: string, payload: unknown): Promise<Envelope>;
}

export function createDispatcher(
  engine: EngineLike,
  shell: ShellHandlers,
  log: (msg: string) => void = (m) => console.error(m),
): Dispatcher {
  return async (channel, payload) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown channel "${channel.slice(0, 64)}".` } };
    }
    try {
      const req = parseRequest(channel, payload);
      const result = isShellChannel(channel)
        ? await (shell[channel] as (r: unknown) => Promise<unknown>)(req)
        : await (engine[channel] as (r: unknown) => Promise<unknown>).call(engine, req);
      return { ok: true, result };
    } catch (err) {
      const error = toWireError(err);
      if (error.code === 'INTERNAL') log(`[parascope] ${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { ok: false, error };
    }
  };
}
