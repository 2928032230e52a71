// The library's words (what misspelled questions are corrected against) saved beside the table, so that a process
// that opens the library (the CLI's `ask`, the app at start) does not read the whole table's text before its first
// question. The file names the table version its counts are exact at; any commit since, by any process, makes it
// stale, and a stale or damaged file is ignored (the words are then read from the table, as without it).
import { open, readFile, rm } from 'node:fs/promises';
import { WordCounts } from '../search/spelling.js';
import { writeJsonAtomic } from './json-file.js';

interface WordsFile {
  format: 1;
  /** The table version the counts are exact at. */
  version: number;
  /** The table's row count at that version: a second check, against a writer that did not keep this file. */
  rows: number;
  words: string[];
  counts: number[];
  /** Each word's stem, "" where it is the word itself. */
  stems: string[];
}

/** The saved words when they are exact at `version` (with `rows` rows), else null. */
export async function readWords(path: string, version: number, rows: number): Promise<WordCounts | null> {
  let f: Partial<WordsFile>;
  try {
    const raw = await readFile(path, 'utf8');
    if (!headerSays(raw, version, rows)) return null; // stale: passed over without parsing its words
    f = JSON.parse(raw) as Partial<WordsFile>;
  } catch {
    return null; // missing, unreadable or damaged: the table is read instead
  }
  if (f.format !== 1 || f.version !== version || f.rows !== rows) return null;
  const { words, counts, stems } = f;
  if (!Array.isArray(words) || !Array.isArray(counts) || !Array.isArray(stems)) return null;
  if (words.length !== counts.length || words.length !== stems.length) return null;
  return WordCounts.of(words.map((w, i) => [String(w), Number(counts[i]), String(stems[i]) || String(w)] as const));
}

/** Whether the save at `path` says it is exact at `version` (with `rows` rows), from its first bytes alone. */
export async function savedAt(path: string, version: number, rows: number): Promise<boolean> {
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return false;
  try {
    const { buffer, bytesRead } = await fh.read({ buffer: Buffer.alloc(100), position: 0 });
    return headerSays(buffer.subarray(0, bytesRead).toString('utf8'), version, rows);
  } finally {
    await fh.close();
  }
}

/** The header is written first (see writeWords): its version and row count are read without parsing the rest. */
function headerSays(raw: string, version: number, rows: number): boolean {
  const head = /^\{"format":1,"version":(\d+),"rows":(\d+),/.exec(raw.slice(0, 100));
  return Number(head?.[1]) === version && Number(head?.[2]) === rows;
}

/** Saves `counts` as exact at `version`; a failure to save costs the next process a read of the table, nothing more. */
export async function writeWords(path: string, version: number, rows: number, counts: WordCounts): Promise<void> {
  const words = [...counts.words.keys()];
  const stems = words.map((w) => {
    const stem = counts.stemOf(w);
    return stem === w ? '' : stem;
  });
  const file: WordsFile = { format: 1, version, rows, words, counts: [...counts.words.values()], stems };
  await writeJsonAtomic(path, file).catch(() => rm(`${path}.${process.pid}.tmp`, { force: true }));
}
