// One dispatcher for every transport: Electron IPC (app/ipc.ts) and the HTTP bridge both turn a
// (channel, unknown payload) pair into an envelope, so validation and error mapping live in one place. Transport-free:
// no Node, no Electron, no HTTP (the bridge maps error codes to HTTP statuses itself).
import { isChannel, parseRequest, type Channel, type Request, type Response } from '../common/contract.js';
import { ParascopeError, serializeError, type SerializedError } from '../common/errors.js';
import type { EngineChannel, EngineLike } from '../common/engine-api.js';

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

/** Request text echoed back (keys, channel names) is made one short line: no control characters, bounded. */
export function oneLine(text: string, max = 160): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A ZodError becomes one line naming the first bad field; anything else goes through serializeError. */
export function toWireError(err: unknown): SerializedError {
  if (isZodError(err)) {
    const first = err.issues[0];
    const where = first && first.path.length ? oneLine(first.path.map(String).join('.'), 80) : 'request';
    const extra = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem(s))` : '';
    return { code: 'BAD_REQUEST', message: `Invalid ${where}: ${oneLine(first?.message ?? 'malformed request')}${extra}.` };
  }
  return serializeError(err);
}

/** The dotted path of the first string holding a NUL byte: no file name or question contains one. */
function nulAt(value: unknown, where: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\0') ? where.join('.') || 'request' : null;
  if (depth > 4 || typeof value !== 'object' || value === null) return null; // parsed requests are shallow
  for (const [k, v] of Object.entries(value)) {
    const hit = nulAt(v, [...where, k], depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}

/** Validates an untrusted payload; every way it can fail (schema, NUL bytes, a hostile object) is BAD_REQUEST. */
function parseUntrusted<C extends Channel>(channel: C, payload: unknown): Request<C> {
  const proto = typeof payload === 'object' && payload !== null ? Object.getPrototypeOf(payload) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    // A Date, Map, array or class instance is no request, even when the schema would see no bad key in it.
    throw new ParascopeError('BAD_REQUEST', 'Invalid request: expected a plain object.');
  }
  let req: Request<C>;
  try {
    req = parseRequest(channel, payload);
  } catch (err) {
    if (isZodError(err)) throw err;
    throw new ParascopeError('BAD_REQUEST', 'Invalid request: the payload could not be read.');
  }
  const nul = nulAt(req);
  if (nul !== null) throw new ParascopeError('BAD_REQUEST', `Invalid ${nul}: text may not contain NUL characters.`);
  return req;
}

export interface Dispatcher {
  /** `signal` is the transport's cancel (an HTTP request closed early, an IPC cancel), passed to the engine. */
  (channel: string, payload: unknown, signal?: AbortSignal): Promise<Envelope>;
}

export function createDispatcher(
  engine: EngineLike,
  shell: ShellHandlers,
  log: (msg: string) => void = (m) => console.error(m),
): Dispatcher {
  return async (channel, payload, signal) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown channel "${oneLine(String(channel), 64)}".` } };
    }
    try {
      const req = parseUntrusted(channel, payload);
      const result = isShellChannel(channel)
        ? await (shell[channel] as (r: unknown) => Promise<unknown>)(req)
        : await (engine[channel] as (r: unknown, s?: AbortSignal) => Promise<unknown>).call(engine, req, signal);
      return { ok: true, result };
    } catch (err) {
      const error = toWireError(err);
      if (error.code === 'INTERNAL')
        log(`[parascope] ${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return { ok: false, error };
    }
  };
}
