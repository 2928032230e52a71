// The Content-Security-Policy of the window, shared by the Electron shell (session headers) and the
// HTTP bridge (response header). The built renderer needs nothing inline: scripts and styles are files.
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Vite's dev server injects styles and talks over a websocket: only `electron-vite dev` uses this. */
export function devCsp(devOrigin: string): string {
  const ws = devOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src 'self' ${devOrigin}`,
    `style-src 'self' 'unsafe-inline' ${devOrigin}`,
    "img-src 'self' data:",
    `connect-src 'self' ${devOrigin} ${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}
