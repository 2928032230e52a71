// The engine as the transports see it, running in a child process: Electron's utility process for the desktop
// app, a forked Node process for browser mode (`parascope serve`), through this one class with the spawn injected.
// Calls are answered over the port; a crashed child fails its pending calls and is started again on the next
// call; a call given an AbortSignal can be cancelled (the child stops an index run, or drops the answer).
import { channels, type EventName, type Events } from '../common/contract.js';
import { ParascopeError } from '../common/errors.js';
import type { EngineChannel, EngineLike } from '../common/engine-api.js';
import { isShellChannel } from '../rpc/dispatch.js';
import type { CallMessage, CancelMessage, ChildMessage, HostMethod, InitMessage, PortLike } from '../rpc/protocol.js';

/** A started child: its end of the link, how it is stopped, and its exit. */
export interface ChildLink {
  port: PortLike;
  /** The child's process id, where the spawn knows it. */
  pid?: number;
  kill(): void;
  onExit(listener: (code: number | null) => void): void;
}

/**
 * The engine child's environment: the parent's, with glibc's malloc held to two arenas unless the user set it.
 * The child is long-running and many-threaded (onnxruntime's pool, LanceDB's runtime): with an arena per thread,
 * memory freed after an index run or when the models let go stays fragmented across arenas (bench/app-memory.ts,
 * docs/performance.md 2026-12-04). Allocators other than glibc's (musl, macOS, Windows) ignore the variable.
 */
export function engineChildEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, MALLOC_ARENA_MAX: base['MALLOC_ARENA_MAX'] ?? '2' };
}

/** Starts the engine child and hands it `init` (Electron: utilityProcess.fork; Node: child_process.fork). */
export type SpawnEngine = (init: InitMessage) => ChildLink;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface EngineHostOptions {
  spawn: SpawnEngine;
  dataDir: string;
  modelsDir: string;
  log?: (line: string) => void;
}

export class EngineHost {
  private link: ChildLink | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private listeners = new Map<EventName, Set<(p: unknown) => void>>();
  private closing = false;
  private exited: Promise<void> = Promise.resolve();
  /** How many children were started (a restart after a crash is the second). */
  starts = 0;

  constructor(private readonly opts: EngineHostOptions) {}

  private get log(): (line: string) => void {
    return this.opts.log ?? ((line) => console.error(line));
  }

  private start(): ChildLink {
    if (this.link) return this.link;
    const link = this.opts.spawn({ type: 'init', dataDir: this.opts.dataDir, modelsDir: this.opts.modelsDir });
    this.starts++;
    let exit!: () => void;
    this.exited = new Promise((r) => (exit = r));
    link.port.on('message', (e) => this.onMessage(e.data as ChildMessage));
    link.port.start();
    link.onExit((code) => {
      exit();
      if (this.link !== link) return;
      this.link = null;
      const err = new ParascopeError('INTERNAL', `The engine stopped unexpectedly (exit code ${code}); try again.`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (!this.closing) this.log(`[parascope] engine process exited with code ${code}`);
    });
    this.link = link;
    return link;
  }

  private onMessage(m: ChildMessage): void {
    if (m.type === 'event') {
      for (const l of this.listeners.get(m.event) ?? []) l(m.payload);
    } else if (m.type === 'result') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new ParascopeError(m.error.code, m.error.message));
    } else if (m.type === 'fatal') {
      this.log(`[parascope] the engine could not start: ${m.error.message}`);
    }
  }

  call(method: HostMethod, arg: unknown, signal?: AbortSignal): Promise<unknown> {
    if (this.closing) return Promise.reject(new ParascopeError('INTERNAL', 'The engine is shutting down.'));
    if (signal?.aborted) return Promise.reject(new ParascopeError('CANCELLED', 'Cancelled.'));
    const { port } = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const cancel: CancelMessage = { type: 'cancel', id };
        port.postMessage(cancel); // the child answers CANCELLED, or ends the index run with a cancelled summary
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
      });
      const msg: CallMessage = { type: 'call', id, method, arg };
      port.postMessage(msg);
    });
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const l = listener as (p: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** The running child's process id (tests, diagnostics). */
  get pid(): number | undefined {
    return this.link?.pid;
  }

  /** Starts the child now, so the engine opens while the window paints. */
  warmUp(): void {
    this.start();
  }

  /** Stops the child (it closes the engine on SIGTERM) and waits up to 5 s for it to go. */
  async close(): Promise<void> {
    this.closing = true;
    const link = this.link;
    if (!link) return;
    link.kill();
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 5000).unref())]);
  }

  /** The engine as the transports see it. */
  asEngine(): EngineLike {
    const handlers = Object.fromEntries(
      channels
        .filter((c) => !isShellChannel(c))
        .map((c) => [c, (req: unknown, signal?: AbortSignal) => this.call(c as EngineChannel, req, signal)]),
    );
    return {
      ...(handlers as unknown as Omit<EngineLike, 'on' | 'resolveUserPath' | 'close'>),
      on: (event, listener) => this.on(event, listener),
      resolveUserPath: (path) => this.call('resolveUserPath', path) as Promise<string>,
      close: () => this.close(),
    };
  }
}
