// One index run per data dir at a time, across processes (the app and the CLI share a data dir).
// index.lock holds {pid, nonce}. It is born whole: written to a temp file, then hard-linked into place, and link()
// fails with EEXIST when the lock exists, so no reader ever sees it empty or half written.
// A lock whose owner is dead is stale. Taking it over is serialized by a second lock, index.lock.takeover (also
// made by link): under it the taker re-reads index.lock, and only if it still holds the stale content it saw does
// it unlink it and link its own. Without that, two takers could both unlink-and-create and both hold the lock.
import { randomUUID } from 'node:crypto';
import { link, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ParascopeError } from '../common/errors.js';

/** A takeover mutex is held for microseconds; one this old was left by a process that died holding it. */
const TAKEOVER_STALE_MS = 30_000;
/** An unreadable lock this young may be one an older Parascope is still writing (it created it empty first). */
const UNREADABLE_GRACE_MS = 5_000;
const ATTEMPTS = 40;

/** Nonces of the locks this process holds, so that a lock naming our own pid is told apart from a reused pid. */
const heldHere = new Set<string>();

interface Owner {
  pid: number;
  nonce: string;
}

export interface Lock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** Creates `path` with `content` atomically; false when it already exists. */
async function createWith(path: string, content: string, nonce: string): Promise<boolean> {
  const tmp = `${path}.${nonce}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  try {
    await link(tmp, path);
    return true;
  } catch (err) {
    if (code(err) === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** The file's content, or null when it does not exist. */
async function readRaw(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (code(err) === 'ENOENT') return null;
    throw err;
  }
}

/** The owner named by a lock's content; a bare number is the pid of a lock written by an older Parascope. */
function parseOwner(raw: string): Owner | null {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return { pid: Number(text), nonce: '' };
  try {
    const v = JSON.parse(text) as Partial<Owner>;
    if (Number.isInteger(v.pid) && typeof v.nonce === 'string') return { pid: v.pid as number, nonce: v.nonce };
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  return null;
}

async function ageMs(path: string): Promise<number | null> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch (err) {
    if (code(err) === 'ENOENT') return null;
    throw err;
  }
}

function lockedBy(pid: number | null): ParascopeError {
  const who = pid === null ? 'Another Parascope process' : `Another Parascope process (pid ${pid})`;
  return new ParascopeError('LOCKED', `${who} is indexing this library; wait for it to finish or stop it.`);
}

/** Replaces the lock if it still holds `staleRaw`; false when someone else got there first or is doing it now. */
async function takeOver(lockPath: string, staleRaw: string, mine: string, nonce: string): Promise<boolean> {
  const mutex = `${lockPath}.takeover`;
  if (!(await createWith(mutex, mine, nonce))) {
    const raw = await readRaw(mutex);
    const age = await ageMs(mutex);
    // Its holder died inside the takeover; break it only if it is still the very file we judged old.
    if (raw !== null && age !== null && age > TAKEOVER_STALE_MS && (await readRaw(mutex)) === raw)
      await rm(mutex, { force: true });
    return false;
  }
  try {
    if ((await readRaw(lockPath)) !== staleRaw) return false;
    await unlink(lockPath);
    return await createWith(lockPath, mine, nonce);
  } finally {
    if ((await readRaw(mutex)) === mine) await rm(mutex, { force: true });
  }
}

export async function acquireIndexLock(dataDir: string): Promise<Lock> {
  const lockPath = join(dataDir, 'index.lock');
  const nonce = randomUUID();
  const mine = JSON.stringify({ pid: process.pid, nonce });
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await sleep(5 + Math.random() * 20);
    if (await createWith(lockPath, mine, nonce)) return held(lockPath, mine, nonce);
    const raw = await readRaw(lockPath);
    if (raw === null) continue; // released between our two looks
    const owner = parseOwner(raw);
    if (owner === null) {
      if (((await ageMs(lockPath)) ?? 0) < UNREADABLE_GRACE_MS) throw lockedBy(null);
    } else if (owner.pid === process.pid ? heldHere.has(owner.nonce) : owner.pid > 0 && alive(owner.pid)) {
      throw lockedBy(owner.pid);
    }
    // Stale: its owner is dead (or it names our pid, reused, but none of our locks).
    if (await takeOver(lockPath, raw, mine, nonce)) return held(lockPath, mine, nonce);
  }
  throw new ParascopeError('LOCKED', 'Could not take the index lock; other processes keep changing it. Try again in a moment.');
}

function held(lockPath: string, mine: string, nonce: string): Lock {
  heldHere.add(nonce);
  return {
    async release(): Promise<void> {
      if (!heldHere.delete(nonce)) return;
      // Only our own lock: a lock taken over (ours looked stale) or made by hand belongs to someone else now.
      if ((await readRaw(lockPath)) === mine) await rm(lockPath, { force: true });
    },
  };
}
