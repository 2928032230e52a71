// The Node spawn of the engine child, for browser mode: child_process.fork with Node's IPC channel as the port.
// From source (tsx) the child entry is a .ts file and is run through tsx's loader; from a build it is plain JS.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InitMessage, PortLike } from '../rpc/protocol.js';
import { engineChildEnv, type ChildLink, type SpawnEngine } from './engine-host.js';

/** The child entry beside this module: engine-child.ts from source, engine-child.js in a build. */
export function engineChildPath(moduleUrl: string = import.meta.url): string {
  const js = fileURLToPath(new URL('./engine-child.js', moduleUrl));
  return existsSync(js) ? js : fileURLToPath(new URL('./engine-child.ts', moduleUrl));
}

export function forkSpawn(childPath: string = engineChildPath()): SpawnEngine {
  return (init: InitMessage): ChildLink => {
    const child = fork(childPath, [], {
      execArgv: childPath.endsWith('.ts') ? ['--import', 'tsx'] : [],
      // stdout stays the parent's (serve prints its address there); the child logs on stderr
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: engineChildEnv(),
      serialization: 'advanced', // structured clone, as Electron's MessagePort: typed arrays and Maps survive
    });
    const port: PortLike = {
      postMessage: (m) => {
        if (child.connected) child.send(m as never);
      },
      on: (_event, listener) => child.on('message', (data) => listener({ data })),
      start: () => undefined,
    };
    child.send(init);
    return {
      port,
      ...(child.pid === undefined ? {} : { pid: child.pid }),
      kill: () => void child.kill('SIGTERM'),
      onExit: (listener) => void child.once('exit', (code) => listener(code)),
    };
  };
}
