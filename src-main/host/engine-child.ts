// The one entry of the engine child, for both faces: in Electron's utility process the init message and its
// MessagePort come on process.parentPort; in a Node child forked by `parascope serve` they come on Node's IPC
// channel. Either way the Engine opens here, away from the window's and the host's event loops, watches the added
// folders, logs (stderr, and logs/engine.log in the data folder, rotated at 1 MB, 3 kept), and answers calls through
// rpc/engine-server.ts. SIGTERM closes it cleanly.
import { join } from 'node:path';
import { Engine } from '../core/engine.js';
import { RotatingLog } from '../core/log-file.js';
import { serveEngine } from '../rpc/engine-server.js';
import type { InitMessage, PortLike } from '../rpc/protocol.js';

/** Electron's utility-process globals, typed here so this file needs no electron import. */
interface ParentPort {
  once(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void;
}

function run(init: InitMessage, port: PortLike): void {
  if (init.type !== 'init') {
    console.error('[engine] expected an init message');
    process.exit(2);
  }
  // the log goes to stderr (a terminal, Electron's console) and to a rotated file in the data folder
  const file = new RotatingLog(join(init.dataDir, 'logs'));
  const log = (line: string): void => {
    console.error(`[engine] ${line}`);
    file.write(line);
  };
  // added folders are watched, and a library left unfinished by a crash is repaired at start
  // the models free their memory after a minute unused: an idle window holds little (the next question reopens them)
  const close = serveEngine(port, () =>
    Engine.open({ dataDir: init.dataDir, modelsDir: init.modelsDir, watch: true, releaseModelsAfterMs: 60_000, log }),
  );
  const stop = (): void => void close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  // a forked child whose parent is gone has nobody to answer
  process.once('disconnect', stop);
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) {
  parentPort.once('message', (e) => {
    const port = e.ports[0];
    if (!port) {
      console.error('[engine] expected an init message with a port');
      process.exit(2);
    }
    run(e.data as InitMessage, port);
  });
} else if (process.send) {
  // Node IPC: the process itself is the port
  const port: PortLike = {
    postMessage: (m) => void process.send?.(m),
    on: (_event, listener) => process.on('message', (data) => listener({ data })),
    start: () => undefined,
  };
  // Ctrl-C in a terminal reaches the whole process group: the parent decides, and ends the child with SIGTERM
  process.on('SIGINT', () => undefined);
  process.once('message', (init) => run(init as InitMessage, port));
} else {
  console.error('[engine] start me through Parascope (an Electron utility process or a forked child), not directly');
  process.exit(2);
}
