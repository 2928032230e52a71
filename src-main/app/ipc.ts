// The IPC server: one ipcMain.handle per contract channel. Each handler checks that the sender is our
// renderer, then hands the unknown payload to the shared dispatcher (zod validation, error mapping).
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { channels, type EventName } from '../common/contract.js';
import { createDispatcher, type Envelope, type ShellHandlers } from '../bridge/dispatch.js';
import type { EngineLike } from '../core/engine-api.js';

export const IPC_PREFIX = 'parascope:';
export const IPC_EVENT = 'parascope:event';

export function serveIpc(opts: {
  engine: EngineLike;
  shell: ShellHandlers;
  isAppUrl: (url: string) => boolean;
  window: () => BrowserWindow | null;
}): () => void {
  const dispatch = createDispatcher(opts.engine, opts.shell);
  for (const channel of channels) {
    ipcMain.handle(IPC_PREFIX + channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Envelope> => {
      const url = event.senderFrame?.url ?? '';
      if (!opts.isAppUrl(url)) {
        console.error(`[parascope] refused ${channel} from ${url || 'an unknown frame'}`);
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not use Parascope.' } };
      }
      return dispatch(channel, payload);
    });
  }
  const events: EventName[] = ['progress', 'library'];
  const offs = events.map((name) =>
    opts.engine.on(name, (payload) => {
      const win = opts.window();
      if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT, name, payload);
    }),
  );
  return () => {
    offs.forEach((off) => off());
    for (const channel of channels) ipcMain.removeHandler(IPC_PREFIX + channel);
  };
}
