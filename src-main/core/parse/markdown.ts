// Markdown: ATX and setext headings become heading blocks; paragraphs split at blank lines; fenced code stays whole;
// a GFM pipe table is one block per row, its cells named by the header row, as the tables of the other formats are.
import type { Block } from '../../common/types.js';
import { HeaderedRows } from './blocks.js';
import { isBlank, lines, spanOf as span, type Line } from './lines.js';

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** A GFM table's delimiter row, under its header: "| --- | :---: |", "---|---:" (a "|" is needed). */
const DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** A pipe table row's cells: split at each "|" not escaped, the outer pipes dropped, "\|" read as "|". */
export function pipeCells(row: string): string[] {
  const t = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return t.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** Where a paragraph's lines hold a pipe table: the index of its delimiter row (the header is the line above). */
function tableAt(para: Line[]): number {
  return para.findIndex(
    (l, i) =>
      i > 0 &&
      l.text.includes('|') &&
      DELIMITER.test(l.text) &&
      pipeCells((para[i - 1] as Line).text).length === pipeCells(l.text).length,
  );
}

export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  let para: Line[] = [];
  let fence: { marker: string; lines: Line[] } | null = null;
  let firstLine = true;
  let frontMatter = false;

  const pushPara = (ls: Line[]): void => {
    if (ls.length === 0) return;
    const s = span(ls);
    blocks.push({ kind: 'paragraph', text: text.slice(s.start, s.end), ...s });
  };
  const flushPara = (): void => {
    const k = tableAt(para);
    if (k < 0) pushPara(para);
    else {
      // the lines above the header are a paragraph; the header and each row below the delimiter a block of their own
      pushPara(para.slice(0, k - 1));
      const named = new HeaderedRows();
      for (const l of [para[k - 1] as Line, ...para.slice(k + 1)]) {
        const row = named.text(pipeCells(l.text));
        if (row !== null) blocks.push({ kind: 'paragraph', text: row, ...span([l]) });
      }
    }
    para = [];
  };

  for (const line of lines(text)) {
    const isFirst = firstLine;
    firstLine = false;
    // YAML front matter: metadata, not prose.
    if (isFirst && line.text === '---') {
      frontMatter = true;
      continue;
    }
    if (frontMatter) {
      if (line.text === '---' || line.text === '...') frontMatter = false;
      continue;
    }
    if (fence) {
      fence.lines.push(line);
      const close = line.text.trim();
      if (close.startsWith(fence.marker) && /^[`~]+$/.test(close)) {
        const s = span(fence.lines);
        blocks.push({ kind: 'paragraph', text: text.slice(s.start, s.end), ...s });
        fence = null;
      }
      continue;
    }
    const f = FENCE.exec(line.text);
    if (f) {
      flushPara();
      fence = { marker: f[1] as string, lines: [line] };
      continue;
    }
    if (isBlank(line.text)) {
      flushPara();
      continue;
    }
    const atx = ATX.exec(line.text);
    if (atx) {
      flushPara();
      const title = (atx[2] ?? '').trim();
      if (title) {
        blocks.push({
          kind: 'heading',
          level: (atx[1] as string).length,
          text: title,
          start: line.start,
          end: line.end,
          line: line.no,
        });
      }
      continue;
    }
    const setext = para.length > 0 ? SETEXT.exec(line.text) : null;
    if (setext) {
      const s = span(para);
      const title = para.map((l) => l.text.trim()).join(' ');
      blocks.push({
        kind: 'heading',
        level: (setext[1] as string).startsWith('=') ? 1 : 2,
        text: title,
        start: s.start,
        end: line.end,
        line: s.line,
      });
      para = [];
      continue;
    }
    para.push(line);
  }
  // An unclosed fence runs to the end of the file (CommonMark).
  if (fence) {
    const s = span(fence.lines);
    blocks.push({ kind: 'paragraph', text: text.slice(s.start, s.end), ...s });
  }
  flushPara();
  return blocks;
}
