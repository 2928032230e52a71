// AsciiDoc (.adoc, .asciidoc): "= Title" / "== Section" lines and two-line titles (a line underlined with = - ~ ^ +)
// become heading blocks; paragraphs split at blank lines; a delimited block (---- listing, .... literal, ****
// sidebar, ____ quote, ==== example, ++++ passthrough) is one paragraph of its content; a table (|===) is a block per
// row (asciidoc-tables.ts); comments, attribute entries, block attributes and anchors are markup, not text. Paragraphs are slices of the source, so offsets are exact.
import type { Block } from '../../common/types.js';
import { asciidocTableAt, TABLE_DELIMITER } from './asciidoc-tables.js';
import { gridTableAt } from './grid-tables.js';
import { isBlank, lines, spanOf, type Line } from './lines.js';

const ONE_LINE_TITLE = /^(={1,6}|#{1,6})[ \t]+(\S.*?)[ \t]*(?:[ \t]\1)?$/;
/** The underline of a two-line title, by level (AsciiDoc's setext-style titles). */
const UNDERLINES = ['=', '-', '~', '^', '+'];
const DELIMITER = /^(-{4,}|\.{4,}|\*{4,}|_{4,}|={4,}|\+{4,}|\/{4,})[ \t]*$/;
/**
 * Markup lines: a line comment, an attribute entry (":toc: left"), a block attribute ("[source,sh]"), an anchor, a
 * block macro ("include::other.txt[]", "image::map.png[]").
 */
const MARKUP = /^(\/\/(?!\/).*|:[\w-]+!?:.*|\[[^\]]*\]|\[\[[^\]]*\]\]|[a-z]+::\S*\[[^\]]*\])[ \t]*$/;

export function parseAsciidoc(text: string): Block[] {
  const all = [...lines(text)];
  const blocks: Block[] = [];
  let para: Line[] = [];
  const push = (ls: Line[]): void => {
    if (!ls.length) return;
    const s = spanOf(ls);
    if (s.end > s.start) blocks.push({ kind: 'paragraph', text: text.slice(s.start, s.end), ...s });
  };
  const flush = (): void => {
    push(para);
    para = [];
  };
  const heading = (title: string, level: number, from: Line, to: Line): void => {
    flush();
    blocks.push({ kind: 'heading', level: Math.min(6, level), text: title, start: from.start, end: to.end, line: from.no });
  };

  for (let i = 0; i < all.length; i++) {
    const line = all[i] as Line;
    if (TABLE_DELIMITER.test(line.text)) {
      // a table: a block per row, its values named by the header row (the attribute line above says the columns)
      flush();
      const table = asciidocTableAt(all, i, attributesAbove(all, i));
      if (table) {
        for (const b of table.blocks) blocks.push(b);
        i = table.next - 1;
      }
      continue;
    }
    const delim = DELIMITER.exec(line.text);
    if (delim) {
      // a delimited block runs to the same delimiter; its content is one paragraph (a comment block is dropped).
      // One never closed is not a block: its line is left out and the text below read as usual
      flush();
      let j = i + 1;
      while (j < all.length && (all[j] as Line).text.trimEnd() !== (delim[1] as string)) j++;
      if (j === all.length) continue;
      if (!(delim[1] as string).startsWith('/')) push(trimBlank(all.slice(i + 1, j)));
      i = j;
      continue;
    }
    if (isBlank(line.text)) {
      flush();
      continue;
    }
    if (MARKUP.test(line.text)) {
      flush();
      continue;
    }
    // a table drawn with characters (in a .txt read as AsciiDoc), where a paragraph starts: a block per row
    const table = para.length === 0 ? gridTableAt(all, i) : null;
    if (table) {
      for (const b of table.blocks) blocks.push(b);
      i = table.next - 1;
      continue;
    }
    const one = para.length === 0 ? ONE_LINE_TITLE.exec(line.text) : null;
    if (one) {
      heading((one[2] as string).trim(), (one[1] as string).length, line, line);
      continue;
    }
    const next = all[i + 1];
    const title = line.text.trim();
    if (para.length === 0 && next && isUnderline(next.text, title)) {
      heading(title, UNDERLINES.indexOf(next.text.trim()[0] as string) + 1, line, next);
      i++;
      continue;
    }
    para.push(line);
  }
  flush();
  return blocks;
}

/**
 * Whether a file named `.txt` reads as AsciiDoc (or reST, or Markdown) rather than plain text: its first line of text
 * is a title underlined with "=" (git's 226 of 292 AsciiDoc sources, "git-blame(1)" over "============"). Such a file
 * gets its headings from parseAsciidoc; one that does not start so stays plain text.
 */
export function startsWithDocumentTitle(text: string): boolean {
  const head = text.slice(0, 4096).split(/\r?\n/);
  const i = head.findIndex((l) => !isBlank(l));
  const title = head[i]?.trim() ?? '';
  const under = head[i + 1];
  return i >= 0 && under !== undefined && under.trim().startsWith('=') && isUnderline(under, title);
}

/** A two-line title's underline: one of the five characters, as long as the title within two. */
function isUnderline(s: string, title: string): boolean {
  const t = s.trim();
  const c = t[0];
  if (!c || !UNDERLINES.includes(c) || t.length < 2 || t !== c.repeat(t.length)) return false;
  return title.length > 0 && Math.abs(t.length - title.length) <= 2 && /\p{L}/u.test(title);
}

/** The block attribute line right above line i ("[cols="1,2"]"), past a block title (".Sizes"), or "". */
function attributesAbove(all: readonly Line[], i: number): string {
  for (let k = i - 1; k >= 0 && k >= i - 2; k--) {
    const t = (all[k] as Line).text.trim();
    if (/^\[.*\]$/.test(t)) return t;
    if (!/^\.\S/.test(t)) return '';
  }
  return '';
}

/** The lines without the blank ones at either end. */
function trimBlank(ls: Line[]): Line[] {
  let a = 0;
  let b = ls.length;
  while (a < b && isBlank((ls[a] as Line).text)) a++;
  while (b > a && isBlank((ls[b - 1] as Line).text)) b--;
  return ls.slice(a, b);
}
