// Small JSON state files written atomically (temp file + fsync + rename): a crash mid-write leaves the
// previous version, never half a file. A damaged file is moved aside and reported, not fatal.
import { open, readFile, rename, unlink } from 'node:fs/promises';

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(value));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

export async function readJsonFile<T>(path: string, onDamaged?: (msg: string) => void): Promise<T | null> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    return JSON.parse(raw) as T;
  } catch {
    const aside = `${path}.damaged-${Date.now()}`;
    await rename(path, aside).catch(() => unlink(path));
    onDamaged?.(`${path} was damaged and has been set aside as ${aside}; starting from defaults`);
    return null;
  }
}
