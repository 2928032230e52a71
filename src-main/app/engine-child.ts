// Entry of the engine utility process: opens the Engine (ONNX, LanceDB, parsers) away from the window's
// and the main process's event loops, and answers calls on the MessagePort the host hands over.
import { Engine } from '../core/engine.js';
import type { InitMessage } from './engine-protocol.js';
import { serveEngine } from './engine-serve.js';

process.parentPort.once('message', (e: Electron.MessageEvent) => {
  const init = e.data as InitMessage;
  const port = e.ports[0];
  if (init.type !== 'init' || !port) {
    console.error('[engine] expected an init message with a port');
    process.exit(2);
  }
  // like `parascope serve`: added folders are watched, and a library left unfinished by a crash is repaired at start
  const log = (line: string): void => console.error(`[engine] ${line}`);
  const close = serveEngine(port, () => Engine.open({ dataDir: init.dataDir, modelsDir: init.modelsDir, watch: true, log }));
  process.once('SIGTERM', () => void close().finally(() => process.exit(0)));
});
