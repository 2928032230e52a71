// Answers engine calls arriving on a port (the child side of host/engine-host.ts). Transport-free: any port-like
// object carries it (an Electron MessagePort, Node's IPC channel, a MessageChannel in tests).
import { serializeError, type SerializedError } from '../common/errors.js';
import type { EngineLike } from '../common/engine-api.js';
import type { CallMessage, ChildMessage, HostMessage, PortLike } from './protocol.js';

export type { PortLike } from './protocol.js';

/** Calls that a cancel can stop: an index run is cancelled through the engine; any other call is answered CANCELLED. */
const INDEXING = new Set(['addFolders', 'reindex', 'rebuildIndex']);

/** Serves `open()`'s engine on `port`; calls that arrive while it opens are queued. Returns a closer. */
export function serveEngine(port: PortLike, open: () => Promise<EngineLike>): () => Promise<void> {
  const send = (m: ChildMessage) => port.postMessage(m);
  let engine: EngineLike | null = null;
  let failed: SerializedError | null = null;
  const queue: CallMessage[] = [];
  /** Calls being answered, by id, with their abort; a cancelled one is answered CANCELLED at once, its signal
   * aborted (a question stops at its next stage) and its late result dropped. */
  const running = new Map<number, { m: CallMessage; abort: AbortController }>();

  async function answer(m: CallMessage): Promise<void> {
    if (failed) return send({ type: 'result', id: m.id, ok: false, error: failed });
    if (!engine) return void queue.push(m);
    const abort = new AbortController();
    running.set(m.id, { m, abort });
    try {
      const fn = engine[m.method] as (arg: unknown, signal: AbortSignal) => Promise<unknown>;
      if (typeof fn !== 'function') throw new Error(`unknown engine method ${String(m.method)}`);
      const result = await fn.call(engine, m.arg, abort.signal);
      if (running.delete(m.id)) send({ type: 'result', id: m.id, ok: true, result });
    } catch (err) {
      const error = serializeError(err);
      if (error.code === 'INTERNAL') console.error(`[engine] ${m.method} failed:`, err);
      if (running.delete(m.id)) send({ type: 'result', id: m.id, ok: false, error });
    }
  }

  function cancel(id: number): void {
    const queued = queue.findIndex((q) => q.id === id);
    if (queued !== -1) queue.splice(queued, 1);
    const call = running.get(id);
    if (call && INDEXING.has(call.m.method)) {
      // the run stops at its next file and answers with a summary saying it was cancelled
      void engine?.cancelIndex({}).catch(() => undefined);
      return;
    }
    if (call) {
      running.delete(id);
      call.abort.abort();
    }
    if (call || queued !== -1) send({ type: 'result', id, ok: false, error: { code: 'CANCELLED', message: 'Cancelled.' } });
  }

  port.on('message', (ev) => {
    const m = ev.data as HostMessage;
    if (m.type === 'cancel') cancel(m.id);
    else void answer(m);
  });
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
