// A marker of an unfinished write. Every change to the library (index, remove, purge) writes it first and
// deletes it when table and catalog agree again; a marker found later means that process died mid-way, so the
// library is checked and repaired before anything else writes to it.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from './json-file.js';

const NAME = 'unfinished.json';

export interface Unfinished {
  op: string;
  pid: number;
  at: string;
}

export async function beginWrite(dataDir: string, op: string): Promise<void> {
  await writeJsonAtomic(join(dataDir, NAME), { op, pid: process.pid, at: new Date().toISOString() } satisfies Unfinished);
}

export async function endWrite(dataDir: string): Promise<void> {
  await rm(join(dataDir, NAME), { force: true });
}

export async function unfinished(dataDir: string): Promise<Unfinished | null> {
  const raw = await readFile(join(dataDir, NAME), 'utf8').catch(() => null);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as Unfinished;
  } catch {
    return { op: 'write', pid: 0, at: '' };
  }
}
