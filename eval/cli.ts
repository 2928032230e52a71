// Drives the real CLI (bin/parascope.mjs) as a user would: index a folder, then ask a questions file (JSON lines).
import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';

export interface AskLine {
  question: string;
  passages: Array<{
    path: string;
    start: number;
    end: number;
    score: number;
    retrievalRank: number;
    retrievalScore: number;
    relevance?: number;
    heading: string;
    text: string;
  }>;
  timings: { embedMs: number; searchMs: number; rerankMs: number };
}

function run(repo: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repo, 'bin', 'parascope.mjs'), ...args], {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let partial = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b;
      if (!onLine) return;
      partial += b;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.on('data', (b: Buffer) => (err += b));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`parascope ${args[0]} exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
}

export async function indexFolder(repo: string, folder: string, dataDir: string, chunker: string): Promise<void> {
  const out = await run(repo, ['index', folder, '--data-dir', dataDir, '--json', '--quiet'], { PARASCOPE_CHUNKER: chunker });
  const summary = JSON.parse(out.trim().split('\n').pop() as string) as { problems?: unknown[] };
  if (summary.problems?.length) throw new Error(`indexing ${folder} had problems: ${JSON.stringify(summary.problems)}`);
}

export async function ask(
  repo: string,
  dataDir: string,
  questionsFile: string,
  flags: string[],
  progress: (done: number) => void,
): Promise<AskLine[]> {
  const lines: AskLine[] = [];
  await run(
    repo,
    ['ask', '--questions', questionsFile, '--json', '--top', '10', '--keep-copies', '--data-dir', dataDir, '--quiet', ...flags],
    {},
    (l) => {
      if (!l.trim()) return;
      lines.push(JSON.parse(l) as AskLine);
      progress(lines.length);
    },
  );
  return lines;
}

/** Spans of every indexed chunk, by file name: the count of relevant chunks for the ideal DCG. */
export async function chunkSpans(dataDir: string): Promise<Record<string, Array<[number, number]>>> {
  const db = await lancedb.connect(join(dataDir, 'lancedb'));
  const table = await db.openTable('chunks');
  const rows = await table.query().select(['path', 'start', 'end']).toArray();
  const out: Record<string, Array<[number, number]>> = {};
  for (const r of rows as Array<{ path: string; start: number; end: number }>) {
    (out[basename(r.path)] ??= []).push([Number(r.start), Number(r.end)]);
  }
  db.close();
  return out;
}
