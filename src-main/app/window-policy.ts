// The window's security policy as plain data and pure functions (Electron's security checklist), kept free
// of the `electron` runtime so the tests can check every item; window.ts and main.ts only apply it.
import type { WebPreferences } from 'electron';
import { pathToFileURL } from 'node:url';
import { CSP, devCsp } from '../common/csp.js';

export interface WindowOptions {
  preload: string;
  rendererHtml: string;
  devUrl?: string;
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

/** Whether a URL is our renderer: the built index.html, or the Vite dev server in development. */
export function isAppUrl(url: string, opts: WindowOptions): boolean {
  if (typeof url !== 'string' || url === '') return false;
  if (opts.devUrl) {
    try {
      const u = new URL(url);
      const dev = new URL(opts.devUrl);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin;
    } catch {
      return false;
    }
  }
  const ours = pathToFileURL(opts.rendererHtml).href;
  return url === ours || url.startsWith(`${ours}?`) || url.startsWith(`${ours}#`);
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
