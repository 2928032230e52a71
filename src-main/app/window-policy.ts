// The window's security policy as plain data and pure functions (Electron's security checklist), kept free
// of the `electron` runtime so the tests can check every item; window.ts and main.ts only apply it.
import type { WebPreferences } from 'electron';
import { CSP, devCsp } from '../common/csp.js';
import { rendererPath } from '../core/renderer-files.js';

export interface WindowOptions {
  preload: string;
  /** The built renderer (out/renderer), served on app://. */
  rendererDir: string;
  devUrl?: string;
}

/**
 * The built renderer is served from this privileged scheme, never from file:// (which would give the page every
 * file's origin; the GrantFileProtocolExtraPrivileges fuse is off). `app://parascope/index.html` is the page.
 */
export const APP_SCHEME = 'app';
const APP_HOST = 'parascope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE = `${APP_ORIGIN}/index.html`;

/** How the scheme is registered before the app is ready: a standard, secure origin with fetch, like https. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

/** The URL the window loads: the dev server under `electron-vite dev`, else our page on app://. */
export function rendererUrl(opts: WindowOptions): string {
  return opts.devUrl ?? APP_PAGE;
}

/** app://parascope, compared by parts: Node's URL gives a custom scheme the origin "null". */
function isOurOrigin(u: URL): boolean {
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
}

/**
 * The file an app:// request is answered with, or null (then 404): only our origin, only files inside the built
 * renderer folder (rendererPath: no `..`, encoded or not, no NUL), of a type the renderer serves; GET and HEAD only.
 */
export function appRequestFile(url: string, rendererDir: string, method = 'GET'): { file: string; type: string } | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!isOurOrigin(u)) return null;
  const hit = rendererPath(rendererDir, u.pathname === '/' ? '/index.html' : u.pathname);
  return 'file' in hit && hit.type ? { file: hit.file, type: hit.type } : null;
}

/** Sandboxed, isolated, no Node anywhere, web security on, no experimental or Blink features, no <webview>. */
export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** The policy sent with every response of the window's session (the built page also carries it in a meta tag). */
export function sessionCsp(opts: WindowOptions): string {
  return opts.devUrl ? devCsp(new URL(opts.devUrl).origin) : CSP;
}

/** Whether a URL is our renderer: app://parascope/index.html, or the Vite dev server in development. */
export function isAppUrl(url: string, opts: WindowOptions): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (opts.devUrl) {
    const dev = new URL(opts.devUrl);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin;
  }
  return isOurOrigin(u) && u.pathname === '/index.html';
}

/** IPC is answered only for frames showing our renderer: never a foreign site, another file, or devtools. */
export function isTrustedSender(frameUrl: string | null | undefined, opts: WindowOptions): boolean {
  return typeof frameUrl === 'string' && isAppUrl(frameUrl, opts);
}

/** The window never leaves its page: only a reload of the same renderer URL may proceed. */
export function isAllowedNavigation(url: string, currentUrl: string, opts: WindowOptions): boolean {
  return isAppUrl(url, opts) && url === currentUrl;
}

/** What to do with window.open / target=_blank: never a new window; https links go to the user's browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: string | null } {
  let external: string | null = null;
  try {
    const u = new URL(url);
    // Only plain https links (no credentials) leave for the browser; file:, smb:, javascript: and custom schemes never do.
    if (u.protocol === 'https:' && u.username === '' && u.password === '') external = u.href;
  } catch {
    external = null;
  }
  return { action: 'deny', openExternally: external };
}

/** Camera, microphone, notifications, geolocation, clipboard…: the window needs none, so every request is refused. */
export function permissionDecision(_permission: string): boolean {
  return false;
}
