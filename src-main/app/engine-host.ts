// The Electron spawn of the engine child: a utility process with a MessagePort. Everything else about the engine
// host (calls, events, crashes, cancel) is host/engine-host.ts, shared with browser mode.
import { MessageChannelMain, utilityProcess } from 'electron';
import { engineChildEnv, type ChildLink, type SpawnEngine } from '../host/engine-host.js';
import type { InitMessage, PortLike } from '../rpc/protocol.js';

export function utilitySpawn(childPath: string): SpawnEngine {
  return (init: InitMessage): ChildLink => {
    const { port1, port2 } = new MessageChannelMain();
    const child = utilityProcess.fork(childPath, [], {
      serviceName: 'Parascope engine',
      stdio: 'inherit',
      env: engineChildEnv(),
    });
    child.postMessage(init, [port2]);
    const port: PortLike = {
      postMessage: (m) => port1.postMessage(m),
      on: (_event, listener) => port1.on('message', (e) => listener({ data: e.data })),
      start: () => port1.start(),
    };
    return {
      port,
      ...(child.pid === undefined ? {} : { pid: child.pid }),
      kill: () => void child.kill(),
      onExit: (listener) => void child.once('exit', (code) => listener(code)),
    };
  };
}
