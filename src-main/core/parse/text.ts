// Plain text (.txt, .log, .csv, .json, source code, anything that decodes as text): paragraphs are separated by blank lines.
import type { Block } from '../../common/types.js';
import { gridTableAt, mayHoldGridTable } from './grid-tables.js';
import { mayHoldPsqlTable, psqlTableAt } from './psql-tables.js';
import { isBlank, lines, skipSpace, trimEndAt } from './lines.js';

export function parseText(text: string): Block[] {
  const blocks: Block[] = [];
  // the lines are kept for the tables' look-ahead only where a line could start one (a log of 40 MB has none)
  const all = mayHoldGridTable(text) || mayHoldPsqlTable(text) ? [...lines(text)] : null;
  const each = all ?? lines(text);
  let first: { start: number; no: number } | null = null;
  let lastEnd = 0;
  const flush = (): void => {
    if (!first) return;
    const start = skipSpace(text, first.start, lastEnd);
    const end = trimEndAt(text, start, lastEnd);
    if (end > start) blocks.push({ kind: 'paragraph', text: text.slice(start, end), start, end, line: first.no });
    first = null;
  };
  let i = -1;
  let skipTo = 0;
  for (const line of each) {
    i++;
    if (i < skipTo) continue;
    if (isBlank(line.text)) {
      flush();
      continue;
    }
    // a table drawn with characters, where a paragraph starts, or psql's output, which may follow its query line at
    // once: one block per row (grid-tables.ts, psql-tables.ts)
    const table = !all ? null : first ? psqlTableAt(all, i) : (gridTableAt(all, i) ?? psqlTableAt(all, i));
    if (table) {
      flush();
      for (const b of table.blocks) blocks.push(b);
      skipTo = table.next;
      continue;
    }
    first ??= { start: line.start, no: line.no };
    lastEnd = line.end;
  }
  flush();
  return blocks;
}

/** A line this long is written by a program (a minifier, a search index, a one-line data dump), not by a person. */
export const GENERATED_LINE = 10_000;

/**
 * Whether most of a text file is in lines of over GENERATED_LINE characters: minified JavaScript and CSS, Sphinx's
 * searchindex.js, a JSON export on one line. Split into passages, such a file gives thousands of runs of identifiers
 * and numbers that no question is about (a Python documentation folder: 7,060 of its 8,119 passages came from
 * searchindex.js). Prose written one paragraph a line stays far below it.
 */
export function isGeneratedText(text: string): boolean {
  if (text.length < GENERATED_LINE) return false;
  let long = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end - start > GENERATED_LINE) long += end - start;
    start = end + 1;
  }
  return long * 2 >= text.length;
}
