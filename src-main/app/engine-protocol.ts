// Messages between the main process (engine-host.ts) and the engine utility process (engine-child.ts).
import type { EventName, Events } from '../common/contract.js';
import type { SerializedError } from '../common/errors.js';
import type { EngineChannel } from '../core/engine-api.js';

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

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'fatal'; error: SerializedError }
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: SerializedError }
  | { [E in EventName]: { type: 'event'; event: E; payload: Events[E] } }[EventName];
