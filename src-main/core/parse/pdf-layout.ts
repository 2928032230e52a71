// PDF page layout, from pdf.js text items to paragraphs: items into lines by baseline, lines into paragraphs by
// vertical gaps over ~1.5x the line height; headings by type size; code lines (monospaced fonts) kept line by line;
// and the document's furniture (running headers and footers, page numbers, contents pages) found across pages;
// tables (pdf-tables.ts) as rows. Pure functions over plain data: no pdf.js here.
import { findTables, type TableCarry } from './pdf-tables.js';

export interface TextItemLike {
  str: string;
  transform: number[];
  height: number;
  width?: number;
  hasEOL?: boolean;
}

/** A run of a line's text with no wide gap in it: a table cell, where the line is a table's row. */
export interface PdfCell {
  x: number;
  end: number;
  text: string;
  /** Where each of the cell's items starts in `text`, and at which x: a table may cut a cell there. */
  cuts: Array<{ x: number; at: number }>;
}

export interface PdfLine {
  y: number;
  height: number;
  parts: string[];
  /** The line cut at horizontal gaps wider than CELL_GAP line heights. */
  cells: PdfCell[];
  /** Every item of the line is in a monospaced font: code, kept line by line. */
  mono: boolean;
}

/** A gap this many line heights wide between two items of a line separates table cells (a space is ~0.3). */
const CELL_GAP = 1.2;

function addToCells(line: PdfLine, it: TextItemLike, h: number): void {
  const x = it.transform[4] ?? 0;
  const end = x + (it.width ?? it.str.length * h * 0.5);
  const last = line.cells[line.cells.length - 1];
  if (last && x - last.end <= CELL_GAP * h) {
    const space = x - last.end > 0.1 * h && !/\s$/.test(last.text) && !/^\s/.test(it.str);
    last.text += space ? ' ' : '';
    last.cuts.push({ x, at: last.text.length });
    last.text += it.str;
    last.end = Math.max(last.end, end);
  } else {
    line.cells.push({ x, end, text: it.str, cuts: [] });
  }
}

/** One page's text items as lines, by baseline. `monoFonts` names the fonts pdf.js reports as monospaced. */
export function pageLines(items: Array<TextItemLike & { fontName?: string }>, monoFonts: Set<string> = new Set()): PdfLine[] {
  const lines: PdfLine[] = [];
  let cur: PdfLine | null = null;
  for (const it of items) {
    const y = it.transform[5] ?? 0;
    const h = Math.abs(it.height || it.transform[3] || 0) || 10;
    if (!cur || Math.abs(y - cur.y) > h * 0.5) {
      if (!it.str.trim() && !cur) continue;
      cur = { y, height: h, parts: [], cells: [], mono: true };
      lines.push(cur);
    }
    if (it.str.trim()) {
      cur.height = Math.max(cur.height, h);
      cur.mono &&= it.fontName !== undefined && monoFonts.has(it.fontName);
      addToCells(cur, it, h);
    }
    cur.parts.push(it.str);
    if (it.hasEOL) cur = null;
  }
  return lines.filter((l) => l.parts.join('').trim());
}

export const lineText = (l: PdfLine): string => l.parts.join('');

export interface PdfParagraph {
  text: string;
  /** A heading, and its level (1 = the largest type on the document's headings). */
  level?: number;
}

/** A line's heading level, or undefined for body text (type size, the document's outline). */
export type HeadingOf = (line: PdfLine) => number | undefined;

/**
 * Groups one page's lines into paragraphs: a vertical gap over ~1.5x the line height starts a new one; a heading
 * line (`headingOf` says which) is a paragraph of its own; a table is one paragraph a row; consecutive code lines
 * keep their line breaks; a word hyphenated at a line end is rejoined. `tableCarry` carries a table that runs to
 * the end of a page over to the next page's call.
 */
export function linesToParagraphs(
  lines: PdfLine[],
  headingOf: HeadingOf = () => undefined,
  tableCarry: { table: TableCarry | null } = { table: null },
): PdfParagraph[] {
  const paragraphs: PdfParagraph[] = [];
  let para: string[] = [];
  let code = false;
  let prev: PdfLine | null = null;
  const flush = (): void => {
    const text = code
      ? para
          .join('\n')
          .replace(/[ \t]+$/gm, '')
          .replace(/^\n+|\s+$/g, '')
      : para.join(' ').replace(/\s+/g, ' ').trim();
    if (text) paragraphs.push({ text });
    para = [];
  };
  const found = findTables(lines, headingOf, tableCarry.table);
  tableCarry.table = found.carry;
  const tables = new Map(found.tables.map((t) => [t.from, t]));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as PdfLine;
    const table = tables.get(i);
    if (table) {
      flush();
      for (const row of table.rows) paragraphs.push({ text: row });
      i = table.to - 1;
      prev = lines[i] as PdfLine;
      code = false;
      continue;
    }
    const text = lineText(line);
    const level = headingOf(line);
    if (level !== undefined) {
      flush();
      const last = paragraphs[paragraphs.length - 1];
      // a heading set on two lines is one heading
      if (last?.level === level && prev && Math.abs(prev.y - line.y) <= 1.5 * line.height && headingOf(prev) === level) {
        last.text = `${last.text} ${text.trim()}`.replace(/\s+/g, ' ');
      } else {
        paragraphs.push({ text: text.replace(/\s+/g, ' ').trim(), level });
      }
      prev = line;
      continue;
    }
    if (prev) {
      const gap = Math.abs(prev.y - line.y);
      const wasHeading = headingOf(prev) !== undefined;
      if (wasHeading || gap > 1.5 * Math.max(prev.height, line.height) * 1.2 || line.mono !== code) flush();
    }
    code = line.mono;
    // Re-join words hyphenated across lines.
    const last = para[para.length - 1];
    if (!code && last !== undefined && /[a-z]-$/.test(last) && /^[a-z]/.test(text.trimStart())) {
      para[para.length - 1] = last.slice(0, -1) + text.trimStart();
    } else {
      para.push(code ? text : text.trim());
    }
    prev = line;
  }
  flush();
  return paragraphs;
}

/** A line's text with its numbers made alike, so "Guide 12" and "Guide xiv" are the same running header. */
function runningKey(text: string): string {
  return text
    .replace(/\b[0-9]+\b/g, '#')
    .replace(/\b[ivxlc]+\b/gi, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const PAGE_NUMBER = /^\s*((page|p\.)\s*)?([0-9]{1,4}|[ivxlc]{1,7})(\s*(of|\/)\s*[0-9]{1,4})?\s*$/i;
/** A table-of-contents line: a title, dot leaders, a page number. */
const LEADER_LINE = /(\.\s?){4,}\s*([0-9]{1,4}|[ivxlc]{1,7})\s*$/i;

/** Two lines whose cells start in two or more of the same columns: rows of one table. */
function sameColumns(a: PdfLine, b: PdfLine | undefined): boolean {
  if (!b || a.cells.length < 2) return false;
  const tol = a.height * 0.5;
  return b.cells.filter((c) => a.cells.some((h) => Math.abs(h.x - c.x) <= tol)).length >= 2;
}

/**
 * The lines to drop across a document: running headers and footers (a page's first or last two lines, the same on
 * three or more pages and 5 % of them once numbers are ignored), page numbers alone at a page's top or bottom, and contents pages (where a
 * third or more of the lines are title ... page entries). A table's rows at a page's edge are kept, however alike
 * from page to page (a header row repeated on each page the table runs on, say).
 */
export function furniture(pages: PdfLine[][]): Array<Set<PdfLine>> {
  const edges = (lines: PdfLine[]): PdfLine[] => [...new Set([...lines.slice(0, 2), ...lines.slice(-2)])];
  const count = new Map<string, number>();
  for (const lines of pages) {
    for (const key of new Set(edges(lines).map((l) => runningKey(lineText(l))))) count.set(key, (count.get(key) ?? 0) + 1);
  }
  const withText = pages.filter((l) => l.length).length;
  const repeated = (l: PdfLine): boolean => (count.get(runningKey(lineText(l))) ?? 0) >= Math.max(3, withText * 0.05);
  return pages.map((lines) => {
    const drop = new Set<PdfLine>();
    const leaders = lines.filter((l) => LEADER_LINE.test(lineText(l)));
    if (leaders.length >= 3 && leaders.length >= lines.length * 0.3) return new Set(lines);
    for (const l of edges(lines)) {
      // a table's rows at a page's edge look alike from page to page (its header row, rows that differ by numbers):
      // a line in the columns of the line next to it is a row, not a running header or footer
      const at = lines.indexOf(l);
      const row = sameColumns(l, lines[at - 1]) || sameColumns(l, lines[at + 1]);
      if ((repeated(l) && !row) || PAGE_NUMBER.test(lineText(l))) drop.add(l);
    }
    return drop;
  });
}

/**
 * Heading levels from type size: the body size is the one most text is set in; lines set at least 15 % larger, and
 * short, are headings, the largest such size level 1.
 */
export function headingSizes(pages: PdfLine[][]): HeadingOf {
  const chars = new Map<number, number>();
  for (const lines of pages)
    for (const l of lines)
      chars.set(Math.round(l.height * 2) / 2, (chars.get(Math.round(l.height * 2) / 2) ?? 0) + lineText(l).length);
  const body = [...chars].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (body === undefined) return () => undefined;
  const sizes = [...chars.keys()].filter((h) => h >= body * 1.15).sort((a, b) => b - a);
  return (line) => {
    const text = lineText(line).trim();
    const at = sizes.indexOf(Math.round(line.height * 2) / 2);
    if (at === -1 || text.length > 120 || !/\p{L}/u.test(text) || LEADER_LINE.test(text)) return undefined;
    return Math.min(6, at + 1);
  };
}
