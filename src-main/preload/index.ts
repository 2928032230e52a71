// The window's only door to the app: one task-level function per contract channel, the cancel of one call, an event
// subscription, and the OS path of a dropped file. No raw ipcRenderer, no Node. Bundled as CommonJS (sandboxed preload).
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Api, Channel, EventName, Events } from '../common/contract.js';
import type { SerializedError } from '../common/errors.js';

type Envelope = { ok: true; result: unknown } | { ok: false; error: SerializedError };
const EVENT_NAMES: readonly string[] = ['progress', 'library'] satisfies EventName[];

async function call(channel: Channel, req: unknown, callId?: string): Promise<unknown> {
  const env = (await ipcRenderer.invoke(
    `parascope:${channel}`,
    req ?? {},
    typeof callId === 'string' ? callId : undefined,
  )) as Envelope;
  // A plain {code, message} object survives the context bridge intact (Error subclasses lose their fields).
  if (!env.ok) throw { code: env.error.code, message: env.error.message };
  return env.result;
}

// Typed against the contract so a new channel fails to compile here; payloads are validated in main.
// (Listed rather than imported so zod stays out of the preload bundle.)
const CHANNELS: Record<Channel, true> = {
  addFolders: true,
  reindex: true,
  removeFolder: true,
  cancelIndex: true,
  status: true,
  files: true,
  ask: true,
  preview: true,
  listModels: true,
  rebuildIndex: true,
  getSettings: true,
  setSettings: true,
  openPath: true,
  showInFolder: true,
  pickFolder: true,
  info: true,
};
const handlers = Object.fromEntries(
  (Object.keys(CHANNELS) as Channel[]).map((c) => [c, (req: unknown, callId?: string) => call(c, req, callId)]),
);

const api = {
  ...handlers,
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload as Events[E]);
    };
    ipcRenderer.on('parascope:event', wrapped);
    return () => ipcRenderer.removeListener('parascope:event', wrapped);
  },
  cancelCall(callId: string): void {
    if (typeof callId === 'string') void ipcRenderer.invoke('parascope:cancel', callId);
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
} as Api;

contextBridge.exposeInMainWorld('api', api);
