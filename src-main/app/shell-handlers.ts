// The shell channels over an injected native layer, so the rules (only paths under added folders reach
// the OS, checked by engine.resolveUserPath) are testable without Electron. shell.ts supplies the native part.
import type { ShellHandlers } from '../rpc/dispatch.js';
import type { EngineLike } from '../common/engine-api.js';

export interface NativeShell {
  /** Resolves to '' on success, else the OS's message (Electron's shell.openPath). */
  openPath(path: string): Promise<string>;
  showItemInFolder(path: string): void;
  pickFolder(): Promise<string | null>;
}

export function createShellHandlers(engine: EngineLike, native: NativeShell, version: string): ShellHandlers {
  return {
    info: async () => ({ shell: 'electron', version }),
    pickFolder: async () => ({ path: await native.pickFolder() }),
    openPath: async (req) => {
      // Only files under added folders; the OS has no portable "open at line/page", so open the file.
      const path = await engine.resolveUserPath(req.path);
      const problem = await native.openPath(path);
      if (problem) console.error(`[parascope] could not open ${path}: ${problem}`);
      return { opened: problem === '' };
    },
    showInFolder: async (req) => {
      const path = await engine.resolveUserPath(req.path);
      native.showItemInFolder(path);
      return { shown: true };
    },
  };
}
