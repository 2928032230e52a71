// The hostile corpus through the real CLI, bundled models and LanceDB: the run completes, every good file is
// indexed, every bad one is listed with a reason, memory stays bounded, and a second run re-embeds nothing.
// HOSTILE_TINY_FILES overrides the tiny-file count (default 2,000 here; 20,000 for the manual run).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeHostileCorpus, type HostileCorpus } from '../../fixtures/hostile/make-hostile.js';
import { catalogFiles, startCli, status, cli, type CliResult } from './cli.js';

/** Peak RSS of the index process, children's threads included (parser workers are threads). */
export const PEAK_RSS_BOUND_MB = 1536;
const TINY = Number(process.env['HOSTILE_TINY_FILES'] ?? 2000);

let tmp: string;
let corpus: HostileCorpus;
let dataDir: string;
let first: CliResult;
let raced = false;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-hostile-'));
  corpus = await makeHostileCorpus(join(tmp, 'corpus'), { tinyFiles: TINY });
  dataDir = join(tmp, 'data');
  const run = startCli(['index', join(tmp, 'corpus'), '--data-dir', dataDir, '--json'], { measure: true });
  // The catalog is written when the run starts (the folder, marked partly indexed, without files) and again
  // after the first committed batch (512 chunks): by then the walk is over and the zz-race files, which sort
  // last, are still ahead. Race them then.
  const catalog = join(dataDir, 'catalog.json');
  let finished = false;
  void run.done.then(() => (finished = true));
  const committed = (): boolean => existsSync(catalog) && Object.keys(catalogFiles(dataDir)).length > 0;
  while (!finished && !committed()) await new Promise((r) => setTimeout(r, 50));
  if (!finished) {
    raced = true;
    await unlink(corpus.race.deleted);
    await writeFile(`${corpus.race.replaced}.new`, 'This file was replaced while the index ran (new text).\n');
    await rename(`${corpus.race.replaced}.new`, corpus.race.replaced);
    await appendFile(corpus.race.modified, 'A line appended while the index ran.\n');
  }
  first = await run.done;
});

after(async () => {
  if (process.env['HOSTILE_KEEP']) return;
  await rm(tmp, { recursive: true, force: true });
});

test('the index run completes on the hostile corpus', () => {
  assert.equal(first.code, 0, first.stderr);
  assert.doesNotMatch(first.stderr, /internal error|error parsing|Error:|\n\s+at /);
  const summary = JSON.parse(first.stdout) as { indexed: number; cancelled: boolean };
  assert.equal(summary.cancelled, false);
  assert.ok(raced, 'the race files were changed while the run was still going');
});

test(`peak memory stays under ${PEAK_RSS_BOUND_MB} MB`, (t) => {
  assert.ok(first.peakMB > 0, 'peak RSS was measured');
  t.diagnostic(`peak RSS ${first.peakMB} MB`);
  assert.ok(first.peakMB < PEAK_RSS_BOUND_MB, `peak RSS ${first.peakMB} MB`);
});

test('every good file is indexed, every bad one is a listed problem with a reason', async () => {
  const files = catalogFiles(dataDir);
  const good = [...corpus.good, corpus.race.replaced, corpus.race.modified];
  const notIndexed = good.filter((p) => files[p]?.state !== 'indexed' || !(files[p]!.chunks > 0));
  assert.deepEqual(notIndexed, [], 'good files not indexed');

  const s = await status(dataDir);
  const problems = new Map(s.problems.map((p) => [p.path, p]));
  const bad = [...corpus.bad, { path: corpus.race.deleted, expect: 'failed' as const, kind: 'deleted during indexing' }];
  for (const b of bad) {
    const p = problems.get(b.path);
    if (b.expect === 'absent') {
      assert.equal(p, undefined, `${b.kind}: ${b.path} should not be listed`);
      assert.equal(files[b.path], undefined, `${b.kind}: ${b.path} should not be in the catalog`);
      continue;
    }
    assert.ok(p, `${b.kind}: ${b.path} is not in status problems`);
    assert.equal(p.state, b.expect, `${b.kind}: ${p.reason}`);
    assert.ok(p.reason && p.reason.length > 3 && !p.reason.includes('\n'), `${b.kind}: one-line reason`);
  }
  assert.equal(s.problems.length, bad.filter((b) => b.expect !== 'absent').length, 'no other problems');
  assert.equal(s.files, good.length);
  assert.equal(problems.get(corpus.race.deleted)?.reason, 'file disappeared while indexing');
});

test('a second run of the same folder re-embeds nothing', async () => {
  const r = await cli(['index', join(tmp, 'corpus'), '--data-dir', dataDir, '--json', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as { indexed: number; chunks: number; unchanged: number; removed: number };
  assert.equal(s.indexed, 0);
  assert.equal(s.chunks, 0);
  // the deleted file's record goes; the replaced and modified ones were hashed after the change: unchanged
  assert.equal(s.unchanged, corpus.good.length + 2);
});
