// The main-process side of the engine: forks the engine utility process, hands it a MessagePort, and
// exposes it as an EngineLike so the IPC server does not care where the engine runs. A crashed engine
// fails its pending calls and is started again on the next call.
import { MessageChannelMain, utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron';
import { channels, type EventName, type Events } from '../common/contract.js';
import { ParascopeError } from '../common/errors.js';
import type { EngineChannel, EngineLike } from '../core/engine-api.js';
import { isShellChannel } from '../bridge/dispatch.js';
import type { CallMessage, ChildMessage, HostMethod, InitMessage } from './engine-protocol.js';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface EngineHostOptions {
  childPath: string;
  dataDir: string;
  modelsDir: string;
}

export class EngineHost {
  private child: UtilityProcess | null = null;
  private port: MessagePortMain | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private listeners = new Map<EventName, Set<(p: unknown) => void>>();
  private closing = false;

  constructor(private readonly opts: EngineHostOptions) {}

  private start(): MessagePortMain {
    if (this.port) return this.port;
    const { port1, port2 } = new MessageChannelMain();
    const child = utilityProcess.fork(this.opts.childPath, [], { serviceName: 'Parascope engine', stdio: 'inherit' });
    const init: InitMessage = { type: 'init', dataDir: this.opts.dataDir, modelsDir: this.opts.modelsDir };
    child.postMessage(init, [port2]);
    port1.on('message', (e) => this.onMessage(e.data as ChildMessage));
    port1.start();
    child.on('exit', (code) => {
      if (this.child !== child) return;
      this.child = null;
      this.port = null;
      const err = new ParascopeError('INTERNAL', `The engine stopped unexpectedly (exit code ${code}); try again.`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      if (!this.closing) console.error(`[parascope] engine process exited with code ${code}`);
    });
    this.child = child;
    this.port = port1;
    return port1;
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
      console.error(`[parascope] the engine could not start: ${m.error.message}`);
    }
  }

  call(method: HostMethod, arg: unknown): Promise<unknown> {
    const port = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
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

  /** Starts the process now so the models load while the window paints. */
  warmUp(): void {
    this.start();
  }

  async close(): Promise<void> {
    this.closing = true;
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill();
    });
  }

  /** The engine as the transports see it. */
  asEngine(): EngineLike {
    const handlers = Object.fromEntries(
      channels.filter((c) => !isShellChannel(c)).map((c) => [c, (req: unknown) => this.call(c as EngineChannel, req)]),
    );
    return {
      ...(handlers as unknown as Omit<EngineLike, 'on' | 'resolveUserPath' | 'close'>),
      on: (event, listener) => this.on(event, listener),
      resolveUserPath: (path) => this.call('resolveUserPath', path) as Promise<string>,
      close: () => this.close(),
    };
  }
}
