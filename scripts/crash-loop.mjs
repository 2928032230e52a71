#!/usr/bin/env node
// Crash safety: SIGKILL `parascope index` at N seeded random moments, restart it after each kill, and compare
// the final index with a clean run's: same chunk ids, no duplicates, no missing files; after every kill the
// database must open (`status --json` succeeds).
//   node scripts/crash-loop.mjs [--kills 20] [--seed 1] [--articles 10] [--quick] [--keep] [--json]
// The folder: SQuAD v1.1 dev articles, one file per article (/work/shared/data or SQUAD_JSON), else a
// generated corpus. --quick: 4 kills on 3 articles (CI); the default is 20 kills on 10 articles.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'parascope.mjs');
const SQUAD = process.env.SQUAD_JSON ?? '/work/shared/data/squad-v1.1-dev/dev-v1.1.json';

const { values } = parseArgs({
  options: {
    kills: { type: 'string' },
    seed: { type: 'string', default: '1' },
    articles: { type: 'string' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const kills = Number(values.kills ?? (values.quick ? 4 : 20));
const articles = Number(values.articles ?? (values.quick ? 3 : 10));
let seed = Number(values.seed) >>> 0 || 1;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0), seed / 2 ** 32);
const say = (s) => process.stderr.write(`crash-loop: ${s}\n`);

function run(args) {
  const child = spawn(process.execPath, [BIN, ...args, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

async function makeFolder(dir) {
  await mkdir(dir, { recursive: true });
  if (existsSync(SQUAD)) {
    const data = JSON.parse(readFileSync(SQUAD, 'utf8')).data.slice(0, articles);
    for (const a of data) {
      const body = a.paragraphs.map((p) => p.context).join('\n\n');
      await writeFile(join(dir, `${a.title.replace(/[^\w.-]+/g, '_')}.md`), `# ${a.title.replace(/_/g, ' ')}\n\n${body}\n`);
    }
    return `SQuAD v1.1 dev, ${data.length} articles, one file each`;
  }
  for (let i = 0; i < articles * 40; i++) {
    await writeFile(
      join(dir, `note-${i}.txt`),
      `Note ${i} about ${['tides', 'mills', 'maps', 'bells'][i % 4]}.\n\n${'Words of filler. '.repeat(60)}\n`,
    );
  }
  return `${articles * 40} generated notes`;
}

async function snapshot(dataDir) {
  register();
  const { LanceStore } = await import('../src-main/core/store/lance-store.ts');
  const catalog = JSON.parse(readFileSync(join(dataDir, 'catalog.json'), 'utf8'));
  const store = await LanceStore.open(join(dataDir, 'lancedb'), catalog.identity.dim);
  const ids = (await store.chunkIds()).sort();
  await store.close();
  const files = {};
  for (const [p, r] of Object.entries(catalog.files)) files[p] = r.state;
  return { ids, files };
}

async function status(dataDir) {
  const r = await run(['status', '--json', '--data-dir', dataDir]).done;
  if (r.code !== 0) throw new Error(`status --json failed after a kill (exit ${r.code}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout);
}

const tmp = await mkdtemp(join(tmpdir(), 'parascope-crash-'));
const folder = join(tmp, 'docs');
const what = await makeFolder(folder);
say(`folder: ${what}; ${kills} kills, seed ${values.seed}`);

// the clean run: reference ids and the time a full run takes
const cleanDir = join(tmp, 'clean');
let t0 = Date.now();
const clean = await run(['index', folder, '--data-dir', cleanDir, '--json']).done;
const cleanMs = Date.now() - t0;
if (clean.code !== 0) throw new Error(`clean run failed: ${clean.stderr}`);
const ref = await snapshot(cleanDir);
say(`clean run: ${ref.ids.length} chunks, ${Object.keys(ref.files).length} files, ${(cleanMs / 1000).toFixed(1)} s`);

const dataDir = join(tmp, 'crashed');
const log = [];
let completedEarly = 0;
for (let k = 0; k < kills; k++) {
  // aim the kill somewhere in the work still left (progress read from status), startup included
  const st = existsSync(join(dataDir, 'catalog.json')) ? await status(dataDir) : { chunks: 0 };
  const left = Math.max(0.15, 1 - st.chunks / Math.max(1, ref.ids.length));
  const delay = Math.round(300 + rnd() * left * cleanMs);
  const r = run(['index', folder, '--data-dir', dataDir, '--json']);
  const timer = setTimeout(() => r.child.kill('SIGKILL'), delay);
  const res = await r.done;
  clearTimeout(timer);
  const after = await status(dataDir); // the database must open after every kill
  const killed = res.signal === 'SIGKILL';
  if (!killed) {
    completedEarly++;
    if (res.code !== 0) throw new Error(`run ${k + 1} failed (exit ${res.code}): ${res.stderr}`);
  }
  log.push({ kill: k + 1, delayMs: delay, killed, chunksAfter: after.chunks, filesAfter: after.files });
  say(
    `kill ${k + 1}/${kills} at ${delay} ms: ${killed ? 'killed' : 'run had finished'}; status ok, ${after.files} files, ${after.chunks} chunks`,
  );
}

t0 = Date.now();
const final = await run(['index', folder, '--data-dir', dataDir, '--json']).done;
if (final.code !== 0) throw new Error(`final resume failed (exit ${final.code}): ${final.stderr}`);
const resume = JSON.parse(final.stdout);
const got = await snapshot(dataDir);
const finalStatus = await status(dataDir);

const dupes = got.ids.length - new Set(got.ids).size;
const refSet = new Set(ref.ids);
const gotSet = new Set(got.ids);
const missing = ref.ids.filter((id) => !gotSet.has(id));
const extra = got.ids.filter((id) => !refSet.has(id));
const ok = (state) => (state === 'unchanged' ? 'indexed' : state); // a file kept from before a kill is 'unchanged'
const missingFiles = Object.keys(ref.files).filter((p) => ok(got.files[p]) !== ok(ref.files[p]));
const notIndexed = Object.entries(got.files).filter(([, s]) => s !== 'indexed' && s !== 'unchanged');
const result = {
  folder: what,
  kills,
  killed: log.filter((l) => l.killed).length,
  completedBeforeKill: completedEarly,
  seed: Number(values.seed),
  cleanChunks: ref.ids.length,
  finalChunks: got.ids.length,
  statusChunks: finalStatus.chunks,
  duplicates: dupes,
  missingIds: missing.length,
  extraIds: extra.length,
  missingFiles: missingFiles.length,
  notIndexed: notIndexed.length,
  finalResume: { indexed: resume.indexed, unchanged: resume.unchanged, chunks: resume.chunks, seconds: resume.seconds },
  equal:
    dupes === 0 &&
    missing.length === 0 &&
    extra.length === 0 &&
    missingFiles.length === 0 &&
    notIndexed.length === 0 &&
    finalStatus.chunks === ref.ids.length,
  log,
};
process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify({ ...result, log: undefined }, null, 2)}\n`);
if (!values.keep) await rm(tmp, { recursive: true, force: true });
else say(`kept ${tmp}`);
process.exit(result.equal ? 0 : 1);
