// The IPC server: one ipcMain.handle per contract channel. Each handler checks that the sender is our
// renderer, then hands the unknown payload to the shared dispatcher (zod validation, error mapping).
import { ipcMain, type BrowserWindow } from 'electron';
import { channels, type EventName } from '../common/contract.js';
import { createDispatcher, type ShellHandlers } from '../rpc/dispatch.js';
import type { EngineLike } from '../common/engine-api.js';
import { cancelHandler, IPC_CANCEL, IPC_EVENT, IPC_PREFIX, IpcCalls, ipcHandler } from './ipc-handler.js';

export { IPC_CANCEL, IPC_EVENT, IPC_PREFIX } from './ipc-handler.js';

export function serveIpc(opts: {
  engine: EngineLike;
  shell: ShellHandlers;
  isTrustedSender: (url: string) => boolean;
  window: () => BrowserWindow | null;
}): () => void {
  const dispatch = createDispatcher(opts.engine, opts.shell);
  const calls = new IpcCalls();
  for (const channel of channels) {
    ipcMain.handle(IPC_PREFIX + channel, ipcHandler(channel, dispatch, opts.isTrustedSender, undefined, calls));
  }
  ipcMain.handle(IPC_CANCEL, cancelHandler(calls, opts.isTrustedSender));
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
    ipcMain.removeHandler(IPC_CANCEL);
  };
}
