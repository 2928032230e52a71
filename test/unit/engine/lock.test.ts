import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireIndexLock } from '../../../src-main/core/lock.js';

async function dataDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parascope-lock-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(p, 'exit');
  return p.pid as number;
}

test('lock: holds {pid, nonce}, refuses a second taker in the same process, leaves no temp files', async (t) => {
  const dir = await dataDir(t);
  const lock = await acquireIndexLock(dir);
  const owner = JSON.parse(await readFile(join(dir, 'index.lock'), 'utf8')) as { pid: number; nonce: string };
  assert.equal(owner.pid, process.pid);
  assert.match(owner.nonce, /^[0-9a-f-]{36}$/);
  await assert.rejects(acquireIndexLock(dir), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'LOCKED');
    assert.equal(
      err.message,
      `Another Parascope process (pid ${process.pid}) is indexing this library; wait for it to finish or stop it.`,
    );
    return true;
  });
  assert.deepEqual(await readdir(dir), ['index.lock']);
  await lock.release();
  assert.deepEqual(await readdir(dir), []);
});

test('lock: release() leaves alone a lock that someone else owns now', async (t) => {
  const dir = await dataDir(t);
  const path = join(dir, 'index.lock');
  const lock = await acquireIndexLock(dir);
  // Ours was judged stale and taken over by another process while we still thought we held it.
  const theirs = JSON.stringify({ pid: process.ppid, nonce: 'someone-else' });
  await writeFile(path, theirs);
  await lock.release();
  assert.equal(await readFile(path, 'utf8'), theirs);
  await lock.release(); // twice is harmless
  assert.equal(await readFile(path, 'utf8'), theirs);
});

test('lock: a stale lock (dead pid, old bare-pid format, or our own pid reused) is taken over', async (t) => {
  const dir = await dataDir(t);
  const path = join(dir, 'index.lock');
  for (const stale of [
    JSON.stringify({ pid: await deadPid(), nonce: 'x' }),
    String(await deadPid()),
    JSON.stringify({ pid: process.pid, nonce: 'before-a-restart' }),
  ]) {
    await writeFile(path, stale);
    const lock = await acquireIndexLock(dir);
    assert.equal((JSON.parse(await readFile(path, 'utf8')) as { pid: number }).pid, process.pid);
    await lock.release();
    assert.equal(existsSync(path), false);
  }
});

test('lock: an unreadable lock counts as held while young, as stale when old; an old takeover mutex is broken', async (t) => {
  const dir = await dataDir(t);
  const path = join(dir, 'index.lock');
  await writeFile(path, '');
  await assert.rejects(acquireIndexLock(dir), /^ParascopeError: Another Parascope process is indexing this library/);
  const old = new Date(Date.now() - 60_000);
  await utimes(path, old, old);
  // A taker that died holding the takeover mutex a minute ago.
  await writeFile(`${path}.takeover`, JSON.stringify({ pid: await deadPid(), nonce: 'dead' }));
  await utimes(`${path}.takeover`, old, old);
  const lock = await acquireIndexLock(dir);
  assert.deepEqual(await readdir(dir), ['index.lock']);
  await lock.release();
});

test('lock: a fresh takeover mutex makes a taker wait, then give up with a sentence and no path', async (t) => {
  const dir = await dataDir(t);
  const path = join(dir, 'index.lock');
  await writeFile(path, JSON.stringify({ pid: await deadPid(), nonce: 'x' }));
  await writeFile(`${path}.takeover`, 'held');
  await assert.rejects(acquireIndexLock(dir), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'LOCKED');
    assert.ok(!err.message.includes(dir), err.message);
    return true;
  });
});
