// Messages between an engine host (host/engine-host.ts) and the engine child (host/engine-child.ts), whatever carries
// them: an Electron MessagePort to the utility process, or Node's IPC channel to a forked child (browser mode).
import type { EventName, Events } from '../common/contract.js';
import type { SerializedError } from '../common/errors.js';
import type { EngineChannel } from '../common/engine-api.js';

export interface InitMessage {
  type: 'init';
  dataDir: string;
  modelsDir: string;
}

/** resolveUserPath is not a contract channel but the shell needs it too. */
export type HostMethod = EngineChannel | 'resolveUserPath';

export interface CallMessage {
  type: 'call';
  id: number;
  method: HostMethod;
  arg: unknown;
}

/** The caller gave up on call `id` (a Cancel, a superseded question): the child stops what it can of it. */
export interface CancelMessage {
  type: 'cancel';
  id: number;
}

export type HostMessage = CallMessage | CancelMessage;

/** Either end of the link, as both carriers can be made to look: messages arrive as `{ data }` events. */
export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  start(): void;
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'fatal'; error: SerializedError }
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: SerializedError }
  | { [E in EventName]: { type: 'event'; event: E; payload: Events[E] } }[EventName];
