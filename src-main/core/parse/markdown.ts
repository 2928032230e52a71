// Markdown: ATX and setext headings become heading blocks; paragraphs split at blank lines; fenced code stays whole.
import type { Block } from '../../common/types.js';
import { isBlank, lines, type Line } from './lines.js';

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  let para: Line[] = [];
  let fence: { marker: string; lines: Line[] } | null = null;
  let firstLine = true;
  let frontMatter = false;

  const span = (ls: Line[]): { start: number; end: number; line: number } => {
    const a = ls[0] as Line;
    const b = ls[ls.length - 1] as Line;
    const lead = a.text.length - a.text.trimStart().length;
    const trail = b.text.length - b.text.trimEnd().length;
    return { start: a.start + lead, end: b.end - trail, line: a.no };
  };
  const flushPara = (): void => {
    if (para.length === 0) return;
    const s = span(para);
    blocks.push({ kind: 'paragraph', text: text.slice(s.start, s.end), ...s });
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
