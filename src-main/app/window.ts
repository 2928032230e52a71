// The one window: sandboxed, isolated, no Node, strict CSP, no navigation, no pop-ups, no permissions.
// The decisions live in window-policy.ts (pure, tested); this file only hands them to Electron.
import { BrowserWindow, protocol, session, shell, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import {
  APP_SCHEME,
  appRequestFile,
  isAllowedNavigation,
  isAppUrl,
  permissionDecision,
  rendererUrl,
  sessionCsp,
  webPreferences,
  windowOpenDecision,
  type WindowOptions,
} from './window-policy.js';

export type { WindowOptions } from './window-policy.js';

export function hardenSession(opts: WindowOptions): void {
  const policy = sessionCsp(opts);
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionDecision(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));
}

/** Answers app:// with the built renderer's files (appRequestFile decides which), each with the CSP header. */
export function serveApp(opts: WindowOptions): void {
  const csp = sessionCsp(opts);
  protocol.handle(APP_SCHEME, async (req) => {
    const hit = appRequestFile(req.url, opts.rendererDir, req.method);
    const body = hit ? await readFile(hit.file).catch(() => null) : null;
    if (!hit || !body) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return new Response(req.method === 'HEAD' ? null : body, {
      headers: { 'Content-Type': hit.type, 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

/** Applied to every web contents the app creates (main.ts: 'web-contents-created'), not only the window's. */
export function hardenContents(contents: WebContents, opts: WindowOptions): void {
  const guard = (e: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, contents.getURL(), opts)) e.preventDefault();
  };
  contents.on('will-navigate', guard);
  // A redirect during our own page load has no current URL yet: it only has to stay on our renderer.
  contents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url, opts)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const { action, openExternally } = windowOpenDecision(url);
    // Links to the web open in the user's browser, never inside the app.
    if (openExternally) void shell.openExternal(openExternally);
    return { action };
  });
}

export function createWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Parascope',
    autoHideMenuBar: true,
    webPreferences: webPreferences(opts.preload),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl(opts));
  return win;
}
