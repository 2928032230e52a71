// The Electron shell channels: native folder dialog and opening files with the OS.
import { dialog, shell, type BrowserWindow } from 'electron';
import type { ShellHandlers } from '../bridge/dispatch.js';
import type { EngineLike } from '../core/engine-api.js';

export function electronShell(engine: EngineLike, window: () => BrowserWindow | null, version: string): ShellHandlers {
  return {
    info: async () => ({ shell: 'electron', version }),
    pickFolder: async () => {
      const win = window();
      const opts = { title: 'Add folder', properties: ['openDirectory'] as Array<'openDirectory'> };
      const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return { path: r.canceled ? null : (r.filePaths[0] ?? null) };
    },
    openPath: async (req) => {
      // Only files under added folders; the OS has no portable "open at line/page", so open the file.
      const path = await engine.resolveUserPath(req.path);
      const problem = await shell.openPath(path);
      if (problem) console.error(`[parascope] could not open ${path}: ${problem}`);
      return { opened: problem === '' };
    },
    showInFolder: async (req) => {
      const path = await engine.resolveUserPath(req.path);
      shell.showItemInFolder(path);
      return { shown: true };
    },
  };
}
