// A lock taker for lock-race.test.ts: a long-lived process that takes commands from the parent over IPC.
//   {cmd: 'go', dataDir, at}  acquireIndexLock(dataDir) at time `at` (ms since the epoch), reply with the outcome
//   {cmd: 'release'}          release the lock taken by the last 'go', reply {released: true}
import { acquireIndexLock, type Lock } from '../../../src-main/core/lock.js';
import { ParascopeError } from '../../../src-main/common/errors.js';

type Command = { cmd: 'go'; dataDir: string; at: number } | { cmd: 'release' };

const lockModule = process.env.PARASCOPE_LOCK_MODULE; // lets a measurement swap in another implementation
const acquire: typeof acquireIndexLock = lockModule
  ? ((await import(lockModule)) as { acquireIndexLock: typeof acquireIndexLock }).acquireIndexLock
  : acquireIndexLock;
let lock: Lock | null = null;

function send(msg: unknown): void {
  process.send?.(msg);
}

process.on('message', (msg: Command) => {
  if (msg.cmd === 'release') {
    const held = lock;
    lock = null;
    void (held ? held.release() : Promise.resolve()).then(() => send({ released: true }));
    return;
  }
  setTimeout(
    () => {
      while (Date.now() < msg.at) {
        // spin the last few ms so that both takers start together
      }
      acquire(msg.dataDir).then(
        (l) => {
          lock = l;
          send({ outcome: 'acquired' });
        },
        (err: unknown) => {
          const locked = err instanceof ParascopeError && err.code === 'LOCKED';
          send({ outcome: locked ? 'locked' : 'error', message: err instanceof Error ? err.message : String(err) });
        },
      );
    },
    Math.max(0, msg.at - Date.now() - 3),
  );
});
send({ ready: true });
