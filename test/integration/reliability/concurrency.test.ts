// Two processes, one data dir: questions asked while an index run is going are answered from the last
// committed state; a second index run fails fast on the lock with a clear message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, startCli, type CliRun } from './cli.js';

let tmp: string;
let dataDir: string;
let small: string;
let big: string;
let running: CliRun | null = null;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-concurrency-'));
  dataDir = join(tmp, 'data');
  small = join(tmp, 'small');
  big = join(tmp, 'big');
  await mkdir(small);
  await mkdir(big);
  await writeFile(join(small, 'harbour.md'), '# Harbour\n\nThe harbour master keeps the tide tables in a blue ledger.\n');
  for (let i = 0; i < 400; i++) {
    const words = 'granite quarry meadow orchard beacon marsh lantern compass'.split(' ');
    await writeFile(
      join(big, `n${i}.txt`),
      `Note ${i}. The ${words[i % 8]} near the ${words[(i * 3) % 8]} was recorded in year ${1800 + i}.\n`,
    );
  }
  const r = await cli(['index', small, '--data-dir', dataDir, '--json', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  await running?.done.catch(() => undefined);
  await rm(tmp, { recursive: true, force: true });
});

test('ask while another process indexes; a second index run fails fast on the lock', async () => {
  running = startCli(['index', big, '--data-dir', dataDir, '--json']);
  const lock = join(dataDir, 'index.lock');
  let done = false;
  void running.done.then(() => (done = true));
  while (!done && !existsSync(lock)) await new Promise((r) => setTimeout(r, 25));
  assert.ok(!done, 'the index run was still going');
  const pid = (JSON.parse(await readFile(lock, 'utf8')) as { pid: number }).pid;

  const asks = await Promise.all([
    cli(['ask', 'who keeps the tide tables?', '--no-rerank', '--json', '--quiet', '--data-dir', dataDir]),
    cli(['index', small, '--data-dir', dataDir, '--json', '--quiet']),
  ]);
  const [ask, second] = asks;
  assert.ok(!done, 'the index run was still going while we asked');
  assert.equal(ask.code, 0, ask.stderr);
  const res = JSON.parse(ask.stdout) as { passages: { path: string }[] };
  assert.ok(res.passages.length > 0);
  assert.match(res.passages[0]!.path, /harbour\.md$/);

  assert.equal(second.code, 1);
  assert.equal(second.stdout, '');
  assert.equal(
    second.stderr.trim(),
    `parascope: Another Parascope process (pid ${pid}) is indexing this library; wait for it to finish or stop it.`,
  );

  const first = await running.done;
  assert.equal(first.code, 0, first.stderr);
  assert.equal((JSON.parse(first.stdout) as { indexed: number }).indexed, 400);
});
