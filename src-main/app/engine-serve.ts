// Answers engine calls arriving on a port (the utility-process side of engine-host.ts). Kept free of
// Electron globals so it can be tested with any port-like object.
import { serializeError, type SerializedError } from '../common/errors.js';
import type { EngineLike } from '../core/engine-api.js';
import type { CallMessage, ChildMessage } from './engine-protocol.js';

export interface PortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  start(): void;
}

/** Serves `open()`'s engine on `port`; calls that arrive while it opens are queued. Returns a closer. */
export function serveEngine(port: PortLike, open: () => Promise<EngineLike>): () => Promise<void> {
  const send = (m: ChildMessage) => port.postMessage(m);
  let engine: EngineLike | null = null;
  let failed: SerializedError | null = null;
  const queue: CallMessage[] = [];

  async function answer(m: CallMessage): Promise<void> {
    if (failed) return send({ type: 'result', id: m.id, ok: false, error: failed });
    if (!engine) return void queue.push(m);
    try {
      const fn = engine[m.method] as (arg: unknown) => Promise<unknown>;
      if (typeof fn !== 'function') throw new Error(`unknown engine method ${String(m.method)}`);
      const result = await fn.call(engine, m.arg);
      send({ type: 'result', id: m.id, ok: true, result });
    } catch (err) {
      const error = serializeError(err);
      if (error.code === 'INTERNAL') console.error(`[engine] ${m.method} failed:`, err);
      send({ type: 'result', id: m.id, ok: false, error });
    }
  }

  port.on('message', (ev) => void answer(ev.data as CallMessage));
  port.start();

  const opening = open().then(
    (opened) => {
      engine = opened;
      opened.on('progress', (payload) => send({ type: 'event', event: 'progress', payload }));
      opened.on('library', (payload) => send({ type: 'event', event: 'library', payload }));
      send({ type: 'ready' });
      for (const m of queue.splice(0)) void answer(m);
    },
    (err: unknown) => {
      console.error('[engine] could not open:', err);
      failed = serializeError(err);
      send({ type: 'fatal', error: failed });
      for (const m of queue.splice(0)) send({ type: 'result', id: m.id, ok: false, error: failed });
    },
  );

  return async () => {
    await opening;
    await engine?.close();
  };
}
