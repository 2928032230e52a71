// AsciiDoc tables ("|===" to "|==="; cells start at "|"). Read as prose, a table is one paragraph of pipes in which
// each value is cut off from the column it belongs to. Read as a table, each row is one block whose values are named
// by the header row ("format: reftable; size: 5 M; avg entry: 37 bytes"), as every other format's tables are
// (HeaderedRows). The columns come from the block's cols attribute or the first line's cells; the header from
// options="header" / %header, or AsciiDoc's implicit header (a first line holding every cell, then a blank line).
// A cell's specifier before its "|" (2+ to span two columns, 3* to repeat, a / h / m styles, < ^ > alignment) is
// markup, not text. The CSV and DSV forms (",===", ":===") and nested tables ("!===") are not read this way.
import type { Block } from '../../common/types.js';
import { HeaderedRows } from './blocks.js';
import { isBlank, type Line } from './lines.js';

/** The table's delimiter line: "|" and three or more "=". */
export const TABLE_DELIMITER = /^\|={3,}[ \t]*$/;
/** A cell specifier right before its "|": duplication (3*), span (2+, .2+, 2.3+), alignment, style. */
const SPEC = /(^|[ \t])((?:\d+\*)?(?:(?:\d+(?:\.\d+)?|\.\d+)\+)?(?:[<^>])?(?:\.[<^>])?[adehlmsv]?)$/;

interface Cell {
  text: string;
  first: Line;
  last: Line;
  /** Columns it fills (a span), times it is repeated (a duplication). */
  span: number;
  repeat: number;
}

/**
 * The table whose opening delimiter is `all[i]`, as one block per row, and the index of the line after its closing
 * delimiter; `attributes` is the block attribute line above it ("[cols="1,2",options="header"]"), if any. Null when
 * the table is never closed (its lines are then read as text).
 */
export function asciidocTableAt(all: readonly Line[], i: number, attributes = ''): { blocks: Block[]; next: number } | null {
  const open = (all[i] as Line).text.trim();
  let end = i + 1;
  while (end < all.length && (all[end] as Line).text.trim() !== open) end++;
  if (end >= all.length) return null;
  const body = all.slice(i + 1, end);

  const cells: Cell[] = [];
  let current: Cell | null = null;
  for (const line of body) {
    // cells start at each "|" not escaped as "\|"; text before the first one continues the cell above
    const parts = line.text.split(/(?<!\\)\|/);
    parts.forEach((raw, k) => {
      let part = raw.replace(/\\\|/g, '|');
      // what ends right before a "|" may be the specifier of the cell that "|" starts
      const spec = k < parts.length - 1 ? (SPEC.exec(part)?.[2] ?? '') : '';
      if (spec) part = part.slice(0, part.length - spec.length);
      add(current, part, line);
      if (k < parts.length - 1) {
        current = { text: '', first: line, last: line, span: columnsSpanned(spec), repeat: repeatOf(spec) };
        cells.push(current);
      }
    });
  }

  const columns = Math.max(1, columnsOf(attributes) ?? cellsOnFirstLine(body));
  const noHeader = /%noheader|options\s*=\s*"[^"]*noheader/.test(attributes);
  const header = !noHeader && (/%header|options\s*=\s*"[^"]*\bheader/.test(attributes) || implicitHeader(body, columns));

  // cells in order, spans and repeats unfolded, fill the rows column by column
  const named = new HeaderedRows(header);
  const blocks: Block[] = [];
  let row: Array<{ text: string; first: Line; last: Line }> = [];
  const emit = (): void => {
    if (!row.length) return;
    const text = named.text(row.map((c) => c.text.replace(/\s+/g, ' ').trim()));
    const first = row[0]!.first;
    const last = row.reduce((l, c) => (c.last.start > l.start ? c.last : l), row[0]!.last);
    if (text !== null) blocks.push({ kind: 'paragraph', text, start: first.start, end: last.end, line: first.no });
    row = [];
  };
  for (const c of cells) {
    for (let r = 0; r < c.repeat; r++) {
      row.push(c);
      for (let s = 1; s < c.span; s++) row.push({ text: '', first: c.first, last: c.last });
      if (row.length >= columns) emit();
    }
  }
  emit();
  return { blocks, next: end + 1 };
}

/** A line's text for the cell it continues (text before a table's first cell has none). */
function add(cell: Cell | null, part: string, line: Line): void {
  if (!cell || isBlank(part)) return;
  cell.text += (cell.text ? '\n' : '') + part;
  cell.last = line;
}

const columnsSpanned = (spec: string): number => Number(/(?:^|\*)(\d+)(?:\.\d+)?\+/.exec(spec)?.[1] ?? 1);
const repeatOf = (spec: string): number => Number(/^(\d+)\*/.exec(spec)?.[1] ?? 1);

/** The column count the cols attribute gives: "3", "3*", "1,2,3", "2*,1", "<,>,>" (each entry may repeat). */
function columnsOf(attributes: string): number | null {
  const cols = /cols\s*=\s*"?([^",\]]*(?:,[^",\]]*)*)"?/.exec(attributes)?.[1];
  if (cols === undefined) return null;
  const entries = cols.split(',');
  if (entries.length === 1 && /^\s*\d+\s*$/.test(entries[0]!)) return Number(entries[0]);
  // a trailing comma ends the list ('[cols=",>,>",]' is three columns)
  if (entries.length > 1 && entries[entries.length - 1] === '' && /,\s*$/.test(cols)) entries.pop();
  return entries.reduce((n, e) => n + Number(/^\s*(\d+)\*/.exec(e)?.[1] ?? 1), 0);
}

/** Cells on the first line that holds any (the column count when the cols attribute does not say). */
function cellsOnFirstLine(body: Line[]): number {
  const first = body.find((l) => !isBlank(l.text));
  return first ? first.text.split(/(?<!\\)\|/).length - 1 : 0;
}

/** AsciiDoc's implicit header: the first line holds a whole row of cells and a blank line follows it. */
function implicitHeader(body: Line[], columns: number): boolean {
  const k = body.findIndex((l) => !isBlank(l.text));
  return k >= 0 && cellsOnFirstLine(body.slice(k)) === columns && body[k + 1] !== undefined && isBlank(body[k + 1]!.text);
}
