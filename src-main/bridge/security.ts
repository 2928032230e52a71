// Request gatekeeping for the loopback bridge: token, Origin and Host (DNS rebinding) checks.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes the lengths equal so the length does not leak either. */
export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** A Host other than our loopback name is a DNS-rebinding attempt. */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowedHosts(port).has(host);
}

/** Same-origin GETs carry no Origin; when one is present it must be ours. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/**
 * The token a request carries: the x-parascope-token header, or for the event stream only (EventSource cannot
 * set headers) the query string. A token in a URL ends up in histories and logs, so nothing else may use one.
 */
export function requestToken(req: IncomingMessage, url: URL, queryAllowed: boolean): string | null {
  const header = req.headers['x-parascope-token'];
  if (typeof header === 'string') return header;
  return queryAllowed ? url.searchParams.get('token') : null;
}
