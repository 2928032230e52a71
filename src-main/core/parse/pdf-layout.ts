// PDF page layout, from pdf.js text items to paragraphs: items into lines by baseline, lines into paragraphs by
// vertical gaps over ~1.5x the line height; headings by type size; code lines (monospaced fonts) kept line by line;
// and the document's furniture (running headers and footers, page numbers, contents pages) found across pages.
// Pure functions over plain data: no pdf.js here.

export interface TextItemLike {
  str: string;
  transform: number[];
  height: number;
  hasEOL?: boolean;
}

export interface PdfLine {
  y: number;
  height: number;
  parts: string[];
  /** Every item of the line is in a monospaced font: code, kept line by line. */
  mono: boolean;
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
      cur = { y, height: h, parts: [], mono: true };
      lines.push(cur);
    }
    if (it.str.trim()) {
      cur.height = Math.max(cur.height, h);
      cur.mono &&= it.fontName !== undefined && monoFonts.has(it.fontName);
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

/**
 * Groups one page's lines into paragraphs: a vertical gap over ~1.5x the line height starts a new one; a line set
 * larger than the body text (`headingLevel` says how much) is a heading of its own; consecutive code lines keep
 * their line breaks; a word hyphenated at a line end is rejoined.
 */
export function linesToParagraphs(
  lines: PdfLine[],
  headingLevel: (height: number, text: string) => number | undefined = () => undefined,
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
  for (const line of lines) {
    const text = lineText(line);
    const level = headingLevel(line.height, text.trim());
    if (level !== undefined) {
      flush();
      const last = paragraphs[paragraphs.length - 1];
      // a heading set on two lines is one heading
      if (
        last?.level === level &&
        prev &&
        Math.abs(prev.y - line.y) <= 1.5 * line.height &&
        headingLevel(prev.height, lineText(prev).trim()) === level
      ) {
        last.text = `${last.text} ${text.trim()}`.replace(/\s+/g, ' ');
      } else {
        paragraphs.push({ text: text.replace(/\s+/g, ' ').trim(), level });
      }
      prev = line;
      continue;
    }
    if (prev) {
      const gap = Math.abs(prev.y - line.y);
      const wasHeading = headingLevel(prev.height, lineText(prev).trim()) !== undefined;
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

/**
 * The lines to drop across a document: running headers and footers (a page's first or last two lines, the same on
 * three or more pages and 5 % of them once numbers are ignored), page numbers alone at a page's top or bottom, and contents pages (where a
 * third or more of the lines are title ... page entries).
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
    for (const l of edges(lines)) if (repeated(l) || PAGE_NUMBER.test(lineText(l))) drop.add(l);
    return drop;
  });
}

/**
 * Heading levels from type size: the body size is the one most text is set in; lines set at least 15 % larger, and
 * short, are headings, the largest such size level 1.
 */
export function headingSizes(pages: PdfLine[][]): (height: number, text: string) => number | undefined {
  const chars = new Map<number, number>();
  for (const lines of pages)
    for (const l of lines)
      chars.set(Math.round(l.height * 2) / 2, (chars.get(Math.round(l.height * 2) / 2) ?? 0) + lineText(l).length);
  const body = [...chars].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (body === undefined) return () => undefined;
  const sizes = [...chars.keys()].filter((h) => h >= body * 1.15).sort((a, b) => b - a);
  return (height, text) => {
    const at = sizes.indexOf(Math.round(height * 2) / 2);
    if (at === -1 || text.length > 120 || !/\p{L}/u.test(text) || LEADER_LINE.test(text)) return undefined;
    return Math.min(6, at + 1);
  };
}
