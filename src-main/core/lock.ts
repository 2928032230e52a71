// One index run per data dir at a time, across processes (the app and the CLI share a data dir).
// The lock file holds the owner's pid; a lock whose owner is gone (killed mid-run) is taken over.
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ParascopeError } from '../common/errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Lock {
  release(): Promise<void>;
}

export async function acquireIndexLock(dataDir: string): Promise<Lock> {
  const path = join(dataDir, 'index.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new ParascopeError(
          'LOCKED',
          `Another Parascope process (pid ${pid}) is indexing this library; wait for it to finish or stop it.`,
        );
      }
      await unlink(path).catch(() => undefined); // stale: its owner died
    }
  }
  throw new ParascopeError('LOCKED', `Could not take the index lock ${path}; another process keeps recreating it.`);
}
