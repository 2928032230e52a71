// What one ipcMain.handle callback does, without Electron: check the sending frame, then hand the unknown
// payload to the shared dispatcher. ipc.ts registers it per channel; the fuzz test drives it directly.
import type { Channel } from '../common/contract.js';
import type { Dispatcher, Envelope } from '../rpc/dispatch.js';

export const IPC_PREFIX = 'parascope:';
export const IPC_EVENT = 'parascope:event';
/** The preload's cancel of one call, by the id it gave that call (not a contract channel: no payload, no result). */
export const IPC_CANCEL = 'parascope:cancel';

/** The part of IpcMainInvokeEvent the handlers read; senderFrame is null once the frame is gone. */
export interface InvokeEventLike {
  senderFrame?: { url: string } | null;
  sender?: { id: number };
}

/** A call id as the preload makes them (crypto.randomUUID); anything else is ignored, never trusted as a key. */
const CALL_ID = /^[\w-]{1,64}$/;

/** The window's calls that can still be cancelled, by sender and call id. */
export class IpcCalls {
  private readonly calls = new Map<string, AbortController>();

  private key(event: InvokeEventLike, id: unknown): string | null {
    return typeof id === 'string' && CALL_ID.test(id) ? `${event.sender?.id ?? 0}:${id}` : null;
  }

  /** Registers a call; its signal aborts when the same window cancels the same id. */
  start(event: InvokeEventLike, id: unknown): { signal?: AbortSignal; done(): void } {
    const key = this.key(event, id);
    if (!key || this.calls.has(key)) return { done: () => undefined };
    const abort = new AbortController();
    this.calls.set(key, abort);
    return { signal: abort.signal, done: () => this.calls.delete(key) };
  }

  cancel(event: InvokeEventLike, id: unknown): void {
    const key = this.key(event, id);
    if (key) this.calls.get(key)?.abort();
  }

  get size(): number {
    return this.calls.size;
  }
}

function senderUrl(event: InvokeEventLike): string {
  try {
    return event?.senderFrame?.url ?? '';
  } catch {
    return ''; // a destroyed frame throws on access: treat it as unknown, which is refused
  }
}

/** The ipcMain.handle callback of IPC_CANCEL: a trusted window cancels one of its own calls. */
export function cancelHandler(
  calls: IpcCalls,
  isTrustedSender: (url: string) => boolean,
): (event: InvokeEventLike, id: unknown) => void {
  return (event, id) => {
    if (isTrustedSender(senderUrl(event))) calls.cancel(event, id);
  };
}

export function ipcHandler(
  channel: Channel,
  dispatch: Dispatcher,
  isTrustedSender: (url: string) => boolean,
  log: (msg: string) => void = (m) => console.error(m),
  calls: IpcCalls = new IpcCalls(),
): (event: InvokeEventLike, payload: unknown, callId?: unknown) => Promise<Envelope> {
  return async (event, payload, callId) => {
    const url = senderUrl(event);
    if (!isTrustedSender(url)) {
      log(`[parascope] refused ${channel} from ${url.slice(0, 200) || 'an unknown frame'}`);
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not use Parascope.' } };
    }
    const call = calls.start(event, callId);
    try {
      return await dispatch(channel, payload, call.signal);
    } finally {
      call.done();
    }
  };
}
