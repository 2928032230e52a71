// The only user of window.api. In browser mode (no preload) it talks to the loopback HTTP bridge with
// the token from the page URL, and receives events over Server-Sent Events. Callers cannot tell which.
import type { Api, Channel, EventName, Events, Request, Response } from '../../src-main/common/contract';
import type { SerializedError } from '../../src-main/common/errors';

declare global {
  interface Window {
    api?: Api;
  }
}

/** A failed call: carries the engine's code and its one-sentence message. */
export class ApiError extends Error implements SerializedError {
  constructor(
    readonly code: SerializedError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (typeof err === 'object' && err !== null && 'code' in err && 'message' in err) {
    return new ApiError(String(err.code) as SerializedError['code'], String(err.message));
  }
  const text = err instanceof Error ? err.message : String(err);
  // Electron may flatten a rejection to "CODE: message".
  const m = /^([A-Z_]{3,}): (.*)$/s.exec(text);
  return m ? new ApiError(m[1] as SerializedError['code'], m[2] ?? text) : new ApiError('INTERNAL', text);
}

type Envelope = { ok: true; result: unknown } | { ok: false; error: SerializedError };

const TOKEN_KEY = 'parascope.token';

/** Calls that must finish even when the page that made them is gone (a removal sent as the window closes). */
const OUTLIVES_PAGE: ReadonlySet<Channel> = new Set<Channel>(['removeFolder']);

/**
 * The bridge token, taken from the address once at load and then removed from it (history.replaceState), so it
 * does not stay in the address bar, the history entry or a bookmark. sessionStorage keeps it for this tab only,
 * so a reload still works; a new tab needs the address `parascope serve` printed.
 */
function takeToken(): string {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  let stored: Storage | null = null;
  try {
    stored = window.sessionStorage;
  } catch {
    stored = null; // storage disabled by the browser: the token lives in memory only
  }
  if (!fromUrl) return stored?.getItem(TOKEN_KEY) ?? '';
  stored?.setItem(TOKEN_KEY, fromUrl);
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return fromUrl;
}

function httpApi(): Api {
  const token = takeToken();
  async function call(channel: Channel, req: unknown, signal?: AbortSignal): Promise<unknown> {
    let res: globalThis.Response;
    try {
      res = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-parascope-token': token },
        body: JSON.stringify(req ?? {}),
        signal, // aborting closes the request: the server stops the engine's work on it
        keepalive: OUTLIVES_PAGE.has(channel), // sent while the page unloads (library.svelte.ts), and not cut off by it
      });
    } catch {
      if (signal?.aborted) throw cancelled();
      throw new ApiError('INTERNAL', 'Parascope is not reachable: is `parascope serve` still running?');
    }
    const body = (await res.json().catch(() => null)) as Envelope | null;
    if (!body) throw new ApiError('INTERNAL', `The server answered ${res.status} without a result.`);
    if (!body.ok) throw new ApiError(body.error.code, body.error.message);
    return body.result;
  }

  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let source: EventSource | null = null;
  function ensureSource(): void {
    if (source) return;
    // EventSource cannot send headers: the event stream is the one place the server takes the token in a URL.
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    for (const name of ['progress', 'library'] as const) {
      source.addEventListener(name, (e) => {
        const payload: unknown = JSON.parse((e as MessageEvent<string>).data);
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  }

  const api = {
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      ensureSource();
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
  return new Proxy(api, {
    get(target, prop) {
      if (prop in target) return target[prop as keyof typeof target];
      if (prop === 'pathForFile' || typeof prop !== 'string') return undefined;
      return (req: unknown, signal?: AbortSignal) => call(prop as Channel, req, signal);
    },
  }) as unknown as Api;
}

const raw: Api = window.api ?? httpApi();

const cancelled = (): ApiError => new ApiError('CANCELLED', 'Cancelled.');

let calls = 0;
const callId = (): string => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `c${Date.now()}-${++calls}`);

/**
 * Typed calls that always reject with ApiError. `signal` cancels the call: it rejects with CANCELLED at once and
 * the engine stops working on it (the desktop cancels by call id, browser mode by closing the HTTP request).
 */
export async function invoke<C extends Channel>(channel: C, req: Request<C>, signal?: AbortSignal): Promise<Response<C>> {
  if (signal?.aborted) throw cancelled();
  try {
    if (!signal) return await (raw[channel] as unknown as (r: Request<C>) => Promise<Response<C>>)(req);
    const id = window.api ? callId() : '';
    let onAbort = (): void => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        if (id) window.api?.cancelCall?.(id);
        reject(cancelled());
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      // over IPC the call is named by its id; over HTTP the request carries the signal itself
      const fn = raw[channel] as unknown as (r: Request<C>, by: string | AbortSignal) => Promise<Response<C>>;
      return await Promise.race([fn(req, id || signal), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  } catch (err) {
    throw toApiError(err);
  }
}

export function onEvent<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return raw.on(event, listener);
}

/** The OS path of a dropped file (Electron only). */
export function pathForFile(file: File): string | null {
  if (!raw.pathForFile) return null;
  const p = raw.pathForFile(file);
  return p ? p : null;
}

export const isBrowserMode = !window.api;
