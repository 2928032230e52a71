// Memory where users live (issue #16): browser mode (`parascope serve`, the same engine host and child as the
// desktop app) adds a real folder through its HTTP bridge, answers questions, then sits idle. The resident memory of
// serve and every process under it (the engine child) is sampled from /proc every 250 ms: peak while indexing, after
// the questions, idle 30 s later, and idle 90 s later (after the engine's models have let go of their memory, a
// minute unused); then the time of a question that opens them again, against one asked warm. By hand, not in
// `npm run bench` (about 6 minutes on 2 cores).
// Usage: node --import tsx bench/app-memory.ts [FILES] [QUESTIONS] → a table on stderr, the last line JSON.
// FILES: python3.11-doc `_sources/*.rst.txt` files to add (default all, ~14k passages); QUESTIONS default 30.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT, emit, pythonDocSources, round, squad } from './common.js';

const want = Number(process.argv[2] ?? Infinity);
const questionCount = Number(process.argv[3] ?? 30);
const { root: sources, files } = pythonDocSources(want);
const say = (s: string): void => void process.stderr.write(`app-memory: ${s}\n`);
const tmp = mkdtempSync(join(tmpdir(), 'parascope-app-memory-'));
const folder = join(tmp, 'pydoc');
for (const f of files) {
  const dest = join(folder, relative(sources, f));
  mkdirSync(join(dest, '..'), { recursive: true });
  cpSync(f, dest);
}

/** Resident memory (MB) of a process and all its descendants, from /proc, in all and by process. */
function treeRssMB(root: number): { total: number; processes: number; each: Record<string, number> } {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parent)
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let kb = 0;
  const each: Record<string, number> = {};
  for (const pid of tree) {
    try {
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      each[`${pid === root ? 'serve' : (cmd[cmd.length - 1]?.split('/').pop() ?? '?')} ${pid}`] = round(rss / 1024, 0);
      kb += rss;
    } catch {
      /* gone */
    }
  }
  return { total: kb / 1024, processes: tree.size, each };
}

const child = spawn(
  process.execPath,
  [join(ROOT, 'bin/parascope.mjs'), 'serve', '--port', '0', '--data-dir', join(tmp, 'data')],
  {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARASCOPE_PROVIDERS: process.env['PARASCOPE_PROVIDERS'] ?? 'cpu' },
  },
);
child.stderr.on('data', () => {});
const url = await new Promise<URL>((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
    if (m?.[1]) resolve(new URL(m[1]));
  });
  child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
});
const token = url.searchParams.get('token')!;
/** One bridge call. node:http, not fetch: adding the whole folder answers when it is indexed, which on a busy
 * machine takes longer than fetch's five-minute wait for response headers. */
function call<T>(channel: string, body: object): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      new URL(`/api/${channel}`, url),
      { method: 'POST', headers: { 'content-type': 'application/json', 'x-parascope-token': token, origin: url.origin } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          res.statusCode === 200
            ? resolvePromise(JSON.parse(text) as T)
            : reject(new Error(`${channel}: ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

let peak = 0;
let processes = 0;
const sampler = setInterval(() => {
  const r = treeRssMB(child.pid!);
  peak = Math.max(peak, r.total);
  processes = Math.max(processes, r.processes);
}, 250);
const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

await settle(3000);
const started = treeRssMB(child.pid!).total;
say(`serve started: ${started.toFixed(0)} MB; adding ${files.length} files`);
const t0 = performance.now();
const summary = (await call<{ result: { chunks: number; indexed: number } }>('addFolders', { paths: [folder] })).result;
const indexS = (performance.now() - t0) / 1000;
const indexPeak = peak;
say(`indexed ${summary.indexed} files, ${summary.chunks} chunks in ${indexS.toFixed(0)} s; peak ${indexPeak.toFixed(0)} MB`);
const afterIndex = treeRssMB(child.pid!).total;

const questions = squad()
  .flatMap((a) => a.paragraphs.flatMap((p) => p.qas.map((q) => q.question)))
  .filter((_, i) => i % 97 === 0)
  .slice(0, questionCount);
// questions about the indexed text too: the python FAQ style
questions.push('How do I read a file line by line?', 'What is a list comprehension?', 'How do I sort a dictionary by value?');
for (const q of questions) await call('ask', { question: q });
const afterQuestions = treeRssMB(child.pid!).total;
say(`${questions.length} questions answered: ${afterQuestions.toFixed(0)} MB`);
await settle(30_000);
const idle = treeRssMB(child.pid!).total;
say(`idle 30 s later: ${idle.toFixed(0)} MB`);
await settle(60_000);
const idleTree = treeRssMB(child.pid!);
const idle90 = idleTree.total;
say(`idle 90 s later: ${idle90.toFixed(0)} MB, by process ${JSON.stringify(idleTree.each)}`);
const timed = async (q: string): Promise<number> => {
  const t = performance.now();
  await call('ask', { question: q });
  return performance.now() - t;
};
const coldMs = await timed('How do I copy a list?');
const warmMs = await timed('How do I copy a dictionary?');
say(`a question after the idle release: ${coldMs.toFixed(0)} ms; the next one, warm: ${warmMs.toFixed(0)} ms`);
clearInterval(sampler);
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));
rmSync(tmp, { recursive: true, force: true });
emit({
  date: new Date().toISOString(),
  files: summary.indexed,
  chunks: summary.chunks,
  index_s: round(indexS, 1),
  processes,
  rss_mb: {
    started: round(started, 0),
    indexing_peak: round(indexPeak, 0),
    after_index: round(afterIndex, 0),
    after_questions: round(afterQuestions, 0),
    idle_30s: round(idle, 0),
    idle_90s: round(idle90, 0),
    peak: round(peak, 0),
    idle_90s_by_process: idleTree.each,
  },
  question_after_release_ms: round(coldMs, 0),
  question_warm_ms: round(warmMs, 0),
});
