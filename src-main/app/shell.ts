// The Electron shell channels: native folder dialog and opening files with the OS (rules in shell-handlers.ts).
import { dialog, shell, type BrowserWindow } from 'electron';
import type { ShellHandlers } from '../rpc/dispatch.js';
import type { EngineLike } from '../common/engine-api.js';
import { createShellHandlers } from './shell-handlers.js';

export function electronShell(engine: EngineLike, window: () => BrowserWindow | null, version: string): ShellHandlers {
  return createShellHandlers(
    engine,
    {
      openPath: (path) => shell.openPath(path),
      showItemInFolder: (path) => shell.showItemInFolder(path),
      pickFolder: async () => {
        const win = window();
        const opts = { title: 'Add folder', properties: ['openDirectory'] as Array<'openDirectory'> };
        const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
    },
    version,
  );
}
