// Crash safety: the quick crash loop (SIGKILL mid-index, restart, compare with a clean run), damaged state
// files set aside and recovered from, and a truncated model file named in a one-line error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cli, status } from './cli.js';

let tmp: string;
let folder: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-crash-test-'));
  folder = join(tmp, 'docs');
  await mkdir(folder);
  const topics = ['lighthouses', 'windmills', 'canals', 'orchards'];
  for (const [i, t] of topics.entries()) {
    await writeFile(
      join(folder, `${t}.md`),
      `# ${t}\n\nA note about ${t}, number ${i}.\n\nA second paragraph on ${t} and their keepers.\n`,
    );
  }
});
after(() => rm(tmp, { recursive: true, force: true }));

test('crash loop (quick): SIGKILL at 4 random moments, the resumed index equals a clean one', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'crash-loop.mjs'), '--quick', '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `${err}\n${out}`);
  const r = JSON.parse(out) as { equal: boolean; duplicates: number; missingIds: number; killed: number; finalChunks: number };
  assert.equal(r.duplicates, 0);
  assert.equal(r.missingIds, 0);
  assert.ok(r.killed >= 1, 'at least one run was killed mid-way');
  assert.ok(r.equal);
});

for (const name of ['catalog.json', 'settings.json'] as const) {
  test(`a half-written ${name} is set aside and the library recovers`, async () => {
    const dataDir = join(tmp, `data-${name}`);
    let r = await cli(['index', folder, '--data-dir', dataDir, '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    if (name === 'settings.json') await writeFile(join(dataDir, name), JSON.stringify({ maxFileMB: 10, candidates: 50 }));
    const full = await readFile(join(dataDir, name));
    await truncate(join(dataDir, name), Math.floor(full.length / 2));

    r = await cli(['status', '--json', '--data-dir', dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${name} was damaged and has been set aside as .*${name}\\.damaged-\\d+`));
    const aside = (await readdir(dataDir)).filter((f) => f.startsWith(`${name}.damaged-`));
    assert.equal(aside.length, 1);

    // re-indexing rebuilds the catalog without duplicating the chunks already in the table
    r = await cli(['index', folder, '--data-dir', dataDir, '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const s = await status(dataDir);
    assert.equal(s.files, 4);
    assert.equal(s.chunks, s.folders[0]!.chunks, 'table rows match the catalog: no duplicates');
    r = await cli(['ask', 'who keeps the lighthouses', '--no-rerank', '--json', '--quiet', '--data-dir', dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(JSON.parse(r.stdout).passages[0].path, /lighthouses\.md$/);
  });
}

test('a truncated model file gives one clear line naming the file, exit 1', async () => {
  const models = join(tmp, 'models');
  await cp(join(ROOT, 'resources', 'models', 'all-MiniLM-L6-v2'), join(models, 'all-MiniLM-L6-v2'), { recursive: true });
  const onnx = join(models, 'all-MiniLM-L6-v2', 'onnx', 'model_int8.onnx');
  await truncate(onnx, 1000);
  const r = await cli(['index', folder, '--data-dir', join(tmp, 'data-model'), '--models-dir', models, '--json'], {
    env: { PARASCOPE_PROVIDERS: 'cpu' },
  });
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split('\n'); // the error alone: what loaded where is said only with --verbose
  assert.equal(lines.length, 1, r.stderr);
  assert.ok(lines[0]!.includes('all-MiniLM-L6-v2/onnx/model_int8.onnx'), lines[0]);
  assert.ok(!lines[0]!.includes(tmp), `no absolute path: ${lines[0]}`);
  assert.match(lines[0]!, /truncated/);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
  assert.equal(r.stdout, '');
});
