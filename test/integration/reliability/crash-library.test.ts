// Crash trials for the library (issue 13), with the real CLI as a child process killed by SIGKILL: during a
// remove (at each write boundary, by PARASCOPE_FAULT, and at random moments), during a purge, and during an add that
// absorbs an added subfolder. After a restart the index must equal a clean run's (same chunk ids, no duplicates,
// counts agree), the removed text must be gone from the data dir, and a second `check` must find nothing.
import assert from 'node:assert/strict';
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chunkIds, cli, startCli, status } from './cli.js';

const UNIQUE = 'zyxwarblequent';
let tmp: string;
let mydocs: string;
let other: string;
let both: string; // a clean data dir with mydocs and other indexed
let ref: { both: string[]; other: string[]; mydocs: string[] };
let seed = 7;
const rnd = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0), seed / 2 ** 32);

async function index(dataDir: string, folder: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const r = await cli(['index', folder, '--data-dir', dataDir, '--json', '--quiet'], {
    env: { PARASCOPE_PROVIDERS: 'cpu', ...env },
  });
  assert.equal(r.code, 0, r.stderr);
}

async function grep(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const name of await readdir(dir)) {
    const p = join(dir, name);
    if ((await lstat(p)).isDirectory()) hits.push(...(await grep(p, needle)));
    else if ((await readFile(p)).includes(needle)) hits.push(p);
  }
  return hits;
}

async function checkJson(dataDir: string): Promise<Record<string, number | boolean>> {
  const r = await cli(['check', '--json', '--quiet', '--data-dir', dataDir], { env: { PARASCOPE_PROVIDERS: 'cpu' } });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, number | boolean>;
}

/** After a restart: repaired once, then nothing left to repair, equal to the reference, counts agreeing. */
async function assertRecovered(dataDir: string, want: string[], label: string): Promise<void> {
  await checkJson(dataDir);
  const again = await checkJson(dataDir);
  assert.deepEqual(
    again,
    { orphanRows: 0, duplicateRows: 0, mismatchedFiles: 0, droppedRecords: 0, rebuilt: false, reindexed: 0 },
    `${label}: a second check finds nothing`,
  );
  const got = await chunkIds(dataDir);
  assert.equal(new Set(got).size, got.length, `${label}: no duplicates`);
  assert.deepEqual(got, want, `${label}: the same chunk ids as a clean run`);
  const s = await status(dataDir);
  assert.equal(s.chunks, got.length, `${label}: status agrees with the table`);
  assert.equal(
    s.folders.reduce((n, f) => n + f.chunks, 0),
    s.chunks,
    `${label}: folders add up`,
  );
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-crash-library-'));
  mydocs = join(tmp, 'mydocs');
  other = join(tmp, 'other');
  for (const sub of ['git', 'debian']) {
    await mkdir(join(mydocs, sub), { recursive: true });
    for (let i = 0; i < (sub === 'git' ? 12 : 40); i++) {
      const body = Array.from(
        { length: 6 },
        (_, p) => `Paragraph ${p} of ${sub} note ${i}: ${'the manual explains the command and its options. '.repeat(8)}`,
      ).join('\n\n');
      await writeFile(
        join(mydocs, sub, `${sub}-${String(i).padStart(2, '0')}.md`),
        `# ${sub} ${i}\n\n${body}\n\n${i === 3 ? UNIQUE : ''}\n`,
      );
    }
  }
  await mkdir(other, { recursive: true });
  await writeFile(join(other, 'tides.txt'), 'Tides rise and fall twice a day because of the pull of the moon.\n');
  both = join(tmp, 'ref-both');
  await index(both, mydocs);
  await index(both, other);
  const onlyOther = join(tmp, 'ref-other');
  await index(onlyOther, other);
  const onlyMydocs = join(tmp, 'ref-mydocs');
  await index(onlyMydocs, mydocs);
  ref = { both: await chunkIds(both), other: await chunkIds(onlyOther), mydocs: await chunkIds(onlyMydocs) };
  assert.ok(ref.mydocs.length > 20 && ref.other.length > 0);
});
after(() => rm(tmp, { recursive: true, force: true }));

for (const point of ['remove:catalog-saved', 'remove:rows-deleted', 'purge:indices-rebuilt']) {
  test(`kill -9 during a remove (${point}): the remove completes on restart and its text is gone`, async () => {
    const dataDir = join(tmp, `t-${point.replace(/\W/g, '-')}`);
    await cp(both, dataDir, { recursive: true });
    const r = await cli(['remove', mydocs, '--data-dir', dataDir, '--quiet'], { env: { PARASCOPE_FAULT: point } });
    assert.equal(r.signal, 'SIGKILL', `the remove was killed at ${point}: ${r.stderr}`);
    await assertRecovered(dataDir, ref.other, point);
    assert.deepEqual(await grep(dataDir, UNIQUE), [], 'the removed text is nowhere in the data dir');
  });
}

test('kill -9 at random moments of a remove: either state is whole, never a mix', async (t) => {
  // how long a remove takes (start-up included), measured on a copy, so the kills land in its second half
  const probe = join(tmp, 't-remove-probe');
  await cp(both, probe, { recursive: true });
  const t0 = Date.now();
  assert.equal((await cli(['remove', mydocs, '--data-dir', probe, '--quiet'])).code, 0);
  const ms = Date.now() - t0;
  for (let k = 0; k < 4; k++) {
    const dataDir = join(tmp, `t-remove-random-${k}`);
    await cp(both, dataDir, { recursive: true });
    const run = startCli(['remove', mydocs, '--data-dir', dataDir, '--quiet']);
    const timer = setTimeout(() => run.child.kill('SIGKILL'), Math.round(ms * (0.55 + 0.4 * rnd())));
    const res = await run.done;
    clearTimeout(timer);
    const folders = async (): Promise<string[]> => (await status(dataDir)).folders.map((f) => f.path).sort();
    const stillThere = (await folders()).includes(mydocs);
    t.diagnostic(
      `kill ${k} (a clean remove took ${ms} ms): ${res.signal ?? 'finished first'}, folder ${stillThere ? 'kept' : 'removed'}`,
    );
    await assertRecovered(dataDir, stillThere ? ref.both : ref.other, `random kill ${k} (${res.signal ?? 'finished'})`);
    if (!stillThere) assert.deepEqual(await grep(dataDir, UNIQUE), []);
  }
});

test('kill -9 during an add that absorbs an added subfolder: resuming equals a clean index', async (t) => {
  const dataDir = join(tmp, 't-overlap');
  await index(dataDir, join(mydocs, 'git'));
  // how long the absorbing add takes, measured on a copy, so the kills land inside it
  const probe = join(tmp, 't-overlap-probe');
  await cp(dataDir, probe, { recursive: true });
  const t0 = Date.now();
  await index(probe, mydocs);
  const ms = Date.now() - t0;
  let killed = 0;
  for (let k = 0; k < 3; k++) {
    const run = startCli(['index', mydocs, '--data-dir', dataDir, '--json', '--quiet'], { env: { PARASCOPE_PROVIDERS: 'cpu' } });
    const timer = setTimeout(() => run.child.kill('SIGKILL'), Math.round(ms * (0.5 + 0.4 * rnd())));
    const res = await run.done;
    clearTimeout(timer);
    if (res.signal === 'SIGKILL') killed++;
    await status(dataDir); // the library opens after every kill
  }
  t.diagnostic(`${killed} of 3 adds killed mid-way (a clean add took ${ms} ms)`);
  assert.ok(killed >= 1, `at least one add was killed mid-way (a clean add took ${ms} ms)`);
  await index(dataDir, mydocs);
  await assertRecovered(dataDir, ref.mydocs, 'overlapping add');
  assert.deepEqual(
    (await status(dataDir)).folders.map((f) => f.path),
    [mydocs],
    'the subfolder was absorbed',
  );
});
