// Electron entry: lifecycle and wiring only. The engine runs in a utility process through host/engine-host.ts, the
// same host and child entry browser mode uses (only the spawn, app/engine-host.ts, is Electron's).
import { app, BrowserWindow, protocol } from 'electron';
import { EngineHost } from '../host/engine-host.js';
import { utilitySpawn } from './engine-host.js';
import { serveIpc } from './ipc.js';
import { appPaths, devServerUrl } from './paths.js';
import { electronShell } from './shell.js';
import { createWindow, hardenContents, hardenSession, serveApp, type WindowOptions } from './window.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, isTrustedSender } from './window-policy.js';

// Before 'ready', or the scheme is not a secure standard origin (Electron's rule).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  const paths = appPaths();
  const windowOpts: WindowOptions = { preload: paths.preload, rendererDir: paths.rendererDir, devUrl: devServerUrl() };
  const host = new EngineHost({ spawn: utilitySpawn(paths.engineChild), dataDir: paths.dataDir, modelsDir: paths.modelsDir });
  const engine = host.asEngine();

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  // Every web contents (the window's and any other) gets the navigation, pop-up and webview guards.
  app.on('web-contents-created', (_e, contents) => hardenContents(contents, windowOpts));

  void app.whenReady().then(() => {
    hardenSession(windowOpts);
    serveApp(windowOpts);
    host.warmUp();
    serveIpc({
      engine,
      shell: electronShell(engine, () => win, app.getVersion()),
      isTrustedSender: (url) => isTrustedSender(url, windowOpts),
      window: () => win,
    });
    win = createWindow(windowOpts);
    win.on('closed', () => (win = null));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) {
        win = createWindow(windowOpts);
        win.on('closed', () => (win = null));
      }
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let closed = false;
  app.on('will-quit', (e) => {
    if (closed) return;
    e.preventDefault();
    closed = true;
    void host.close().finally(() => app.quit());
  });
}
