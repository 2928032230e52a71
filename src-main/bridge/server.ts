// Browser mode: a loopback HTTP server implementing the same contract as Electron IPC.
// POST /api/<channel> (JSON) → { ok, result | error }; GET /api/events → Server-Sent Events.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventName } from '../common/contract.js';
import type { ErrorCode } from '../common/errors.js';
import type { EngineLike } from '../common/engine-api.js';
import { CSP } from '../common/csp.js';
import { createDispatcher, type Envelope, type ShellHandlers } from '../rpc/dispatch.js';
import { httpStatusFor } from './http-status.js';
import { hostAllowed, newToken, originAllowed, requestToken, tokensEqual } from './security.js';
import { serveStatic } from './static.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const EVENTS: EventName[] = ['progress', 'library'];

export interface BridgeOptions {
  engine: EngineLike;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** When `port` is taken, pick a free one instead of failing (a remembered port, not one the user asked for). */
  portFallback?: boolean;
  /** The access token; a new random one when absent. */
  token?: string;
  /** The built renderer, normally <repo>/out/renderer. */
  rendererDir: string;
  host?: '127.0.0.1';
  version?: string;
}

export interface Bridge {
  /** The address to open, token included: http://127.0.0.1:<port>/?token=… (the page moves it out of the address bar) */
  url: string;
  token: string;
  close(): Promise<void>;
}

function appVersion(): string {
  // Walk up from this file to the package.json (works from src-main/bridge and from a bundle).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'parascope' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level: keep walking up
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

/** A headless server must not launch desktop apps: it checks the path and lets the window show it. */
export function browserShell(engine: EngineLike, version: string): ShellHandlers {
  return {
    info: async () => ({ shell: 'browser', version }),
    pickFolder: async () => ({ path: null }),
    openPath: async (req) => {
      await engine.resolveUserPath(req.path);
      return { opened: false };
    },
    showInFolder: async (req) => {
      await engine.resolveUserPath(req.path);
      return { shown: false };
    },
  };
}

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function sendJson(res: ServerResponse, status: number, body: Envelope): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function fail(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

class TooLarge extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Only JSON bodies: a cross-site form or no-cors fetch (text/plain, urlencoded, multipart, none) is refused. */
export function isJsonContentType(header: string | undefined): boolean {
  return typeof header === 'string' && /^application\/json\s*(;|$)/i.test(header.trim());
}

/** Node's own answer to a request it cannot parse (oversized headers, bad framing) is a bare status line. */
function clientErrorResponse(err: NodeJS.ErrnoException): string {
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    ok: false,
    error: { code: 'BAD_REQUEST', message: tooLarge ? 'The request headers are too large.' : 'Malformed HTTP request.' },
  });
  return (
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
    `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY_BYTES) {
      req.resume(); // drain so the client sees the 413 instead of a reset
      reject(new TooLarge());
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else parts.push(chunk);
    });
    req.on('end', () => {
      if (over) return reject(new TooLarge());
      try {
        resolveBody(utf8.decode(Buffer.concat(parts))); // invalid UTF-8 is refused, not replaced with U+FFFD
      } catch (err) {
        reject(err as Error);
      }
    });
    req.on('error', reject);
  });
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const { engine } = opts;
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const dispatch = createDispatcher(engine, browserShell(engine, opts.version ?? appVersion()));
  const streams = new Set<ServerResponse>();
  let port = 0;

  function openEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n: connected\n\n');
    const offs = EVENTS.map((name) =>
      engine.on(name, (payload) => {
        res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
      }),
    );
    const beat = setInterval(() => res.write(': ping\n\n'), 15_000);
    streams.add(res);
    const stop = () => {
      clearInterval(beat);
      offs.forEach((off) => off());
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!originAllowed(req, port)) return fail(res, 403, 'FORBIDDEN', 'Requests from other sites are refused.');
    const name = url.pathname.slice('/api/'.length);
    if (!tokensEqual(requestToken(req, url, name === 'events'), token)) {
      if (name !== 'events' && url.searchParams.has('token') && req.headers['x-parascope-token'] === undefined) {
        return fail(
          res,
          403,
          'FORBIDDEN',
          'Send the access token in the x-parascope-token header; only /api/events takes it in the address.',
        );
      }
      return fail(res, 403, 'FORBIDDEN', 'Missing or wrong access token: open the address printed by `parascope serve`.');
    }
    if (name === 'events') {
      if (req.method !== 'GET') return fail(res, 405, 'BAD_REQUEST', 'Use GET for /api/events.');
      return openEvents(req, res);
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return fail(res, 405, 'BAD_REQUEST', 'Use POST for API calls.');
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      req.resume();
      return fail(res, 415, 'BAD_REQUEST', 'API calls must be sent as application/json.');
    }
    let payload: unknown;
    try {
      const text = await readBody(req);
      payload = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
    } catch (err) {
      if (err instanceof TooLarge) {
        res.setHeader('connection', 'close');
        return fail(res, 413, 'BAD_REQUEST', 'The request body is larger than 1 MB.');
      }
      return fail(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON in UTF-8.');
    }
    // A page that gives up on a call (a superseded question) closes its request: the engine stops working on it.
    const abort = new AbortController();
    const onClose = (): void => {
      if (!res.writableFinished) abort.abort();
    };
    res.once('close', onClose);
    const envelope = await dispatch(name, payload, abort.signal);
    if (abort.signal.aborted) return; // nobody is listening
    res.off('close', onClose);
    sendJson(res, envelope.ok ? 200 : httpStatusFor(envelope.error.code), envelope);
  }

  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!hostAllowed(req, port)) {
      fail(res, 403, 'FORBIDDEN', 'Unexpected Host header.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}:${port}`);
    const done = (p: Promise<void>) =>
      p.catch((err: unknown) => {
        console.error('[parascope] bridge request failed:', err);
        if (!res.headersSent)
          sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'The server failed to answer.' } });
        else res.end();
      });
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      done(handleApi(req, res, url));
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      done(serveStatic(opts.rendererDir, url.pathname, res, req.method === 'HEAD'));
    } else {
      res.setHeader('allow', 'GET, HEAD');
      fail(res, 405, 'BAD_REQUEST', 'Use GET for pages.');
    }
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    socket.end(clientErrorResponse(err));
  });

  const listen = (p: number): Promise<void> =>
    new Promise<void>((ok, bad) => {
      server.once('error', bad);
      server.listen(p, host, () => {
        server.off('error', bad);
        ok();
      });
    });
  try {
    await listen(opts.port ?? 0);
  } catch (err) {
    if (!opts.portFallback || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    await listen(0);
  }
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of streams) s.end();
        streams.clear();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
