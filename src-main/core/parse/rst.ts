// reStructuredText: a title line with an underline (and optional overline) of one punctuation character is a heading;
// levels follow the order in which underline styles first appear, as in docutils. Paragraphs split at blank lines.
import type { Block } from '../../common/types.js';
import { gridTableAt } from './grid-tables.js';
import { isBlank, lines, spanOf, type Line } from './lines.js';

const ADORNMENT = /^([=\-~^"'`#*+:._<>!$%&,;/?@\\|])\1+\s*$/;

/** Light markup cleanup: roles (:ref:`x <y>` → x), inline literals, directive prefixes, comments. */
export function stripRstMarkup(s: string): string {
  return (
    s
      .split('\n')
      // Comments and link targets (".. _x:", ".. note text") are markup, not prose; directives keep their argument.
      .filter((l) => !/^\s*\.\.(\s|$)/.test(l) || l.includes('::'))
      .map((l) => l.replace(/^(\s*)\.\.\s+(?:\|[^|]+\|\s+)?[\w:-]+::\s?/, '$1'))
      .join('\n')
      .replace(/:[\w:-]+:`([^`<]*?)\s*(?:<[^>]*>)?`/g, '$1')
      .replace(/``([^`]+)``/g, '$1')
      .replace(/`([^`<]+?)\s*<[^>]*>`_{1,2}/g, '$1')
      .replace(/`([^`]+)`_{0,2}/g, '$1')
  );
}

export function parseRst(text: string): Block[] {
  const all = [...lines(text)];
  const blocks: Block[] = [];
  const styles: string[] = [];
  const levelOf = (style: string): number => {
    let i = styles.indexOf(style);
    if (i === -1) i = styles.push(style) - 1;
    return i + 1;
  };
  let para: Line[] = [];
  const flush = (): void => {
    if (para.length === 0) return;
    const { start, end, line } = spanOf(para);
    const cleaned = stripRstMarkup(text.slice(start, end)).trim();
    if (cleaned) blocks.push({ kind: 'paragraph', text: cleaned, start, end, line });
    para = [];
  };

  for (let i = 0; i < all.length; i++) {
    const line = all[i] as Line;
    const next = all[i + 1];
    const after = all[i + 2];
    const title = line.text.trim();
    // Overline + title + underline.
    const over = ADORNMENT.exec(line.text);
    if (over && next && after && !isBlank(next.text) && !ADORNMENT.test(next.text) && para.length === 0) {
      const under = ADORNMENT.exec(after.text);
      if (under && under[1] === over[1] && after.text.trim().length >= next.text.trim().length) {
        blocks.push({
          kind: 'heading',
          level: levelOf('over' + over[1]),
          text: next.text.trim(),
          start: line.start,
          end: after.end,
          line: next.no,
        });
        i += 2;
        continue;
      }
    }
    // Title + underline, where the title is a single line (a longer paragraph's last line is not a title).
    const under = next ? ADORNMENT.exec(next.text) : null;
    if (under && title && !ADORNMENT.test(line.text) && para.length === 0 && next!.text.trim().length >= title.length) {
      blocks.push({
        kind: 'heading',
        level: levelOf(under[1] as string),
        text: title,
        start: line.start + (line.text.length - line.text.trimStart().length),
        end: next!.end,
        line: line.no,
      });
      i += 1;
      continue;
    }
    // a grid table, where a paragraph starts: one block per row (grid-tables.ts)
    const table = para.length === 0 && !isBlank(line.text) ? gridTableAt(all, i) : null;
    if (table) {
      for (const b of table.blocks) blocks.push({ ...b, text: stripRstMarkup(b.text) });
      i = table.next - 1;
      continue;
    }
    if (isBlank(line.text)) flush();
    else if (!ADORNMENT.test(line.text) || line.text.trim().length < 4) para.push(line);
    else flush(); // a transition line
  }
  flush();
  return blocks;
}
