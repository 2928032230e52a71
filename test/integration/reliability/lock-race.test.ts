// Two real processes race to take over a stale index lock (its pid is dead), many times: never may both hold it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';

const TRIALS = 60;
const CHILD = join(import.meta.dirname, 'lock-child.ts');

interface Outcome {
  outcome: 'acquired' | 'locked' | 'error';
  message?: string;
}

let tmp: string;
const takers: ChildProcess[] = [];

function next<T>(child: ChildProcess, has: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: Record<string, unknown>): void => {
      if (!(has in msg)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(msg as T);
    };
    const onExit = (c: number | null): void => reject(new Error(`lock taker exited (${c})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** The pid of a process that has surely exited. */
async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(p, 'exit');
  assert.ok(p.pid);
  return p.pid;
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-lock-race-'));
  for (let i = 0; i < 2; i++) {
    const child = fork(CHILD, [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    takers.push(child);
  }
  await Promise.all(takers.map((c) => next(c, 'ready')));
});

after(async () => {
  for (const c of takers) c.kill();
  await rm(tmp, { recursive: true, force: true });
});

test(`stale lock, two takers in two processes, ${TRIALS} trials: never both, always one`, async () => {
  const wins = [0, 0];
  for (let trial = 0; trial < TRIALS; trial++) {
    const dataDir = await mkdtemp(join(tmp, 'data-'));
    const lockPath = join(dataDir, 'index.lock');
    const pid = await deadPid();
    // Both the current format and the bare pid of an older Parascope.
    await writeFile(lockPath, trial % 4 === 3 ? String(pid) : JSON.stringify({ pid, nonce: `dead-${trial}` }));
    const at = Date.now() + 40;
    const results = await Promise.all(
      takers.map((c) => {
        const reply = next<Outcome>(c, 'outcome');
        c.send({ cmd: 'go', dataDir, at });
        return reply;
      }),
    );
    const winners = takers.filter((_, i) => results[i]?.outcome === 'acquired');
    for (const r of results) assert.notEqual(r.outcome, 'error', r.message);
    assert.ok(winners.length <= 1, `trial ${trial}: both processes held the lock`);
    assert.equal(winners.length, 1, `trial ${trial}: nobody took the stale lock: ${JSON.stringify(results)}`);
    const loser = results.find((r) => r.outcome === 'locked');
    assert.match(loser?.message ?? '', /^Another Parascope process \(pid \d+\) is indexing this library/);
    const owner = JSON.parse(await readFile(lockPath, 'utf8')) as { pid: number; nonce: string };
    assert.equal(owner.pid, winners[0]?.pid);
    await new Promise((r) => setTimeout(r, 3)); // hold it a moment
    await Promise.all(
      takers.map((c) => {
        const reply = next(c, 'released');
        c.send({ cmd: 'release' });
        return reply;
      }),
    );
    assert.equal(existsSync(lockPath), false, `trial ${trial}: the lock outlived its release`);
    assert.equal(existsSync(`${lockPath}.takeover`), false);
    const w = takers.indexOf(winners[0] as ChildProcess);
    wins[w] = (wins[w] ?? 0) + 1;
  }
  console.log(`wins per taker: ${wins.join(' / ')}`);
});
