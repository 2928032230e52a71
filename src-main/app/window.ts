// The one window: sandboxed, isolated, no Node, strict CSP, no navigation, no pop-ups, no permissions.
import { BrowserWindow, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { CSP, devCsp } from '../bridge/csp.js';

export interface WindowOptions {
  preload: string;
  rendererHtml: string;
  devUrl?: string;
}

/** Whether a URL is our renderer: the built index.html, or the Vite dev server in development. */
export function isAppUrl(url: string, opts: WindowOptions): boolean {
  if (opts.devUrl) {
    try {
      return new URL(url).origin === new URL(opts.devUrl).origin;
    } catch {
      return false;
    }
  }
  const ours = pathToFileURL(opts.rendererHtml).href;
  return url === ours || url.startsWith(`${ours}?`) || url.startsWith(`${ours}#`);
}

export function hardenSession(opts: WindowOptions): void {
  const policy = opts.devUrl ? devCsp(new URL(opts.devUrl).origin) : CSP;
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
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
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url, opts) || url !== win.webContents.getURL()) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (opts.devUrl) void win.loadURL(opts.devUrl);
  else void win.loadFile(opts.rendererHtml);
  return win;
}
