// Entry of the engine utility process: opens the Engine (ONNX, LanceDB, parsers) away from the window's
// and the main process's event loops, and answers calls arriving on the MessagePort the host hands over.
import { serializeError, type SerializedError } from '../common/errors.js';
import type { EngineLike } from '../core/engine-api.js';
import { Engine } from '../core/engine.js';
import type { CallMessage, ChildMessage, InitMessage } from './engine-protocol.js';

const parentPort = process.parentPort;

parentPort.once('message', (e: Electron.MessageEvent) => {
  const init = e.data as InitMessage;
  const port = e.ports[0];
  if (init.type !== 'init' || !port) {
    console.error('[engine] expected an init message with a port');
    process.exit(2);
  }
  const send = (m: ChildMessage) => port.postMessage(m);
  port.start();

  let engine: EngineLike | null = null;
  let failed: SerializedError | null = null;
  const queue: CallMessage[] = [];

  async function answer(m: CallMessage): Promise<void> {
    if (failed) return send({ type: 'result', id: m.id, ok: false, error: failed });
    if (!engine) return void queue.push(m);
    try {
      const fn = engine[m.method] as (arg: unknown) => Promise<unknown>;
      const result = await fn.call(engine, m.arg);
      send({ type: 'result', id: m.id, ok: true, result });
    } catch (err) {
      if (!(err instanceof Error && 'code' in err)) console.error(`[engine] ${m.method} failed:`, err);
      send({ type: 'result', id: m.id, ok: false, error: serializeError(err) });
    }
  }

  port.on('message', (ev: Electron.MessageEvent) => void answer(ev.data as CallMessage));

  Engine.open({ dataDir: init.dataDir, modelsDir: init.modelsDir }).then(
    (opened) => {
      engine = opened;
      opened.on('progress', (payload) => send({ type: 'event', event: 'progress', payload }));
      opened.on('library', (payload) => send({ type: 'event', event: 'library', payload }));
      send({ type: 'ready' });
      for (const m of queue.splice(0)) void answer(m);
    },
    (err: unknown) => {
      console.error('[engine] could not open:', err);
      const error = serializeError(err);
      failed = error;
      send({ type: 'fatal', error });
      for (const m of queue.splice(0)) send({ type: 'result', id: m.id, ok: false, error });
    },
  );

  process.on('SIGTERM', () => void engine?.close().finally(() => process.exit(0)));
});
