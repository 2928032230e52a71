// What the transports (Electron IPC in app/, the HTTP bridge in bridge/, the CLI, the engine host) need from the
// engine. `Engine` in core/engine.ts implements it; the host's child link too; transports depend on this only.
import type { Channel, Events, EventName, Request, Response } from './contract.js';

/** The channels the engine serves itself; the rest (dialogs, opening files) belong to the shell. */
export type EngineChannel = Exclude<Channel, 'openPath' | 'showInFolder' | 'pickFolder' | 'info'>;

/** Each channel's call; `signal` cancels it (a question stops between stages, an index run at its next file; others
 * are answered CANCELLED and their result dropped). */
export type EngineHandlers = {
  [C in EngineChannel]: (req: Request<C>, signal?: AbortSignal) => Promise<Response<C>>;
};

export interface EngineLike extends EngineHandlers {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Resolves a path the window asks to open: returns it only if it lies under an added folder, else throws FORBIDDEN. */
  resolveUserPath(path: string): Promise<string>;
  close(): Promise<void>;
}
