// What one ipcMain.handle callback does, without Electron: check the sending frame, then hand the unknown
// payload to the shared dispatcher. ipc.ts registers it per channel; the fuzz test drives it directly.
import type { Channel } from '../common/contract.js';
import type { Dispatcher, Envelope } from '../rpc/dispatch.js';

export const IPC_PREFIX = 'parascope:';
export const IPC_EVENT = 'parascope:event';

/** The part of IpcMainInvokeEvent the check reads; senderFrame is null once the frame is gone. */
export interface InvokeEventLike {
  senderFrame?: { url: string } | null;
}

export function ipcHandler(
  channel: Channel,
  dispatch: Dispatcher,
  isTrustedSender: (url: string) => boolean,
  log: (msg: string) => void = (m) => console.error(m),
): (event: InvokeEventLike, payload: unknown) => Promise<Envelope> {
  return async (event, payload) => {
    let url = '';
    try {
      url = event?.senderFrame?.url ?? '';
    } catch {
      url = ''; // a destroyed frame throws on access: treat it as unknown, which is refused below
    }
    if (!isTrustedSender(url)) {
      log(`[parascope] refused ${channel} from ${url.slice(0, 200) || 'an unknown frame'}`);
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not use Parascope.' } };
    }
    return dispatch(channel, payload);
  };
}
