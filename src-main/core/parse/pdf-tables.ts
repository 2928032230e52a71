// Tables in a PDF page's lines (issue 14: "PDF tables kept as rows"). A PDF has no table markup: a table is lines
// cut into cells by wide gaps (pdf-layout.ts), whose cells fall in the same columns. The first such line is the
// header when it reads as one (short labels); a line whose cells fall in the last row's empty columns, or a single
// cell outside the first column, continues the row above (a value set on two lines). Each row becomes one paragraph
// whose values are named by the header, as HTML and spreadsheet rows are (HeaderedRows). Two-column page layouts
// are not tables: their "cells" are long runs of prose.
import { HeaderedRows, readsAsHeader } from './blocks.js';
import type { HeadingOf, PdfLine } from './pdf-layout.js';

/** A table that runs to the end of a page, whose header the next page's first table takes when its columns match. */
export interface TableCarry {
  cols: number[];
  /** Null for a table without a header row. */
  header: string[] | null;
}

export interface PdfTable {
  /** The table's lines are lines[from] .. lines[to - 1]. */
  from: number;
  to: number;
  /** Each row's text: the header first, unless the table goes on from the previous page (its header is there). */
  rows: string[];
}

/** At least this many lines of two or more cells, the header included, make a table. */
const MIN_ROWS = 3;
/** Table cells are short: a median over this many characters is prose set in columns. */
const MAX_MEDIAN_CELL = 40;
/** Rows further apart than this many line heights are not one table. */
const MAX_ROW_GAP = 2.5;

interface Column {
  x: number;
  end: number;
}

/**
 * The column a cell starts in, or -1 when it starts left of the first or runs well into the next one (a quarter of
 * its column's width: a long value may overhang when the rest of its row is set on the next line; prose runs on).
 */
function columnOf(cols: Column[], cell: { x: number; end: number }, tol: number): number {
  let k = -1;
  for (let i = 0; i < cols.length; i++) if ((cols[i] as Column).x <= cell.x + tol) k = i;
  const col = cols[k];
  const next = cols[k + 1];
  if (!col || (next && cell.end > next.x + Math.max(tol, (next.x - col.x) / 4))) return -1;
  return k;
}

/**
 * A line's cells in the table's columns, or null when a cell does not fit them. A cell is first cut where one of its
 * items starts at a later column (two values set closer than the cell gap, "193432 X GUI program"); each piece must
 * then start in a column without running well into the next.
 */
function fitCells(cols: Column[], line: PdfLine): Array<{ k: number; text: string; end: number }> | null {
  const tol = line.height * 0.5;
  const out: Array<{ k: number; text: string; end: number }> = [];
  for (const cell of line.cells) {
    const starts = cell.cuts.filter((c) => c.x > cell.x + tol && cols.some((col) => Math.abs(col.x - c.x) <= tol));
    const pieces = [{ x: cell.x, at: 0 }, ...starts];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as { x: number; at: number };
      const next = pieces[i + 1];
      const end = next ? next.x : cell.end;
      const k = columnOf(cols, { x: piece.x, end }, tol);
      if (k < 0) return null;
      out.push({ k, text: cell.text.slice(piece.at, next?.at), end });
    }
  }
  const clean = out.map((c) => ({ ...c, text: c.text.replace(/\s+/g, ' ').trim() })).filter((c) => c.text);
  return clean.every((c, j) => j === 0 || c.k > (clean[j - 1] as { k: number }).k) ? clean : null;
}

/** Whether a page's first line continues the table the previous page ended with: the same column starts. */
function continues(carry: TableCarry | null, head: PdfLine): carry is TableCarry {
  const tol = head.height * 0.5;
  return (
    carry !== null &&
    carry.cols.length === head.cells.length &&
    head.cells.every((c, i) => Math.abs(c.x - (carry.cols[i] as number)) <= tol)
  );
}

function tableAt(
  lines: PdfLine[],
  from: number,
  headingOf: HeadingOf,
  carry: TableCarry | null,
): (PdfTable & { carry: TableCarry }) | null {
  const head = lines[from] as PdfLine;
  if (head.mono || head.cells.length < 2 || headingOf(head) !== undefined) return null;
  const cols: Column[] = head.cells.map((c) => ({ x: c.x, end: c.end }));
  const first = head.cells.map((c) => c.text.replace(/\s+/g, ' ').trim());
  // a table that goes on from the last page keeps its header, which some documents set again on the new page
  const carried = from === 0 && continues(carry, head) && (carry.header !== null || !readsAsHeader(first));
  const header = carried ? carry.header : readsAsHeader(first) ? first : null;
  const repeated = carried && header !== null && header.join('\n') === first.join('\n');
  const rows: string[][] = carried && header && !repeated ? [header, first] : [header ?? first];
  let multi = rows.length;
  let to = from + 1;
  for (; to < lines.length; to++) {
    const line = lines[to] as PdfLine;
    const prev = lines[to - 1] as PdfLine;
    if (headingOf(line) !== undefined) break;
    if (Math.abs(prev.y - line.y) > MAX_ROW_GAP * Math.max(prev.height, line.height)) break;
    const cells = fitCells(cols, line);
    if (!cells?.length) break;
    // A row set on several lines: a line whose cells fall in the last row's empty columns, or a single cell wrapped
    // onto the next line (not in the first column), continues it; any other line is a new row.
    const last = rows[rows.length - 1] as string[];
    const fillsGaps = (rows.length > 1 || header === null) && cells.every((c) => !last[c.k]);
    const wrapped = cells.length === 1 && cells[0]?.k !== 0;
    const row = fillsGaps || wrapped ? last : cols.map(() => '');
    if (row !== last) rows.push(row);
    if (cells.length >= 2) multi++;
    for (const c of cells) {
      row[c.k] = row[c.k] ? `${row[c.k]} ${c.text}` : c.text;
      (cols[c.k] as Column).end = Math.max((cols[c.k] as Column).end, c.end);
    }
  }
  if (multi < MIN_ROWS) return null;
  const lengths = rows
    .flat()
    .filter(Boolean)
    .map((c) => c.length)
    .sort((a, b) => a - b);
  if ((lengths[Math.floor(lengths.length / 2)] ?? 0) > MAX_MEDIAN_CELL) return null;
  const named = new HeaderedRows(header !== null);
  const texts = rows.map((r) => named.text(r)).filter((t): t is string => t !== null);
  return {
    from,
    to,
    rows: carried && header ? texts.slice(1) : texts,
    carry: { cols: cols.map((c) => c.x), header },
  };
}

/**
 * The tables among one page's lines, in order, none overlapping. `carry` is the table the previous page ended
 * with (or null); the result's `carry` is this page's, for the next.
 */
export function findTables(
  lines: PdfLine[],
  headingOf: HeadingOf,
  carry: TableCarry | null = null,
): { tables: PdfTable[]; carry: TableCarry | null } {
  const tables: Array<PdfTable & { carry: TableCarry }> = [];
  for (let i = 0; i < lines.length; i++) {
    const t = tableAt(lines, i, headingOf, carry);
    if (t) {
      tables.push(t);
      i = t.to - 1;
    }
  }
  const last = tables[tables.length - 1];
  return { tables, carry: last && last.to === lines.length ? last.carry : null };
}
