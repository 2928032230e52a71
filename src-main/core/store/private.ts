// The library is private to its user on POSIX: the data dir and its folders 0700, its files 0600. LanceDB's
// files are written by native code with the process umask, so the engine tightens the umask once (this process
// writes nothing meant to be shared) and sweeps what an older version left readable.
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const POSIX = process.platform !== 'win32';

export async function makePrivateDir(dataDir: string): Promise<void> {
  if (POSIX) process.umask(0o077);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (POSIX) await tighten(dataDir);
}

async function tighten(path: string): Promise<void> {
  const st = await lstat(path).catch(() => null);
  if (!st || st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    if ((st.mode & 0o777) !== 0o700) await chmod(path, 0o700);
    for (const name of await readdir(path).catch(() => [] as string[])) await tighten(join(path, name));
  } else if (st.isFile() && (st.mode & 0o077) !== 0) {
    await chmod(path, st.mode & 0o700);
  }
}
