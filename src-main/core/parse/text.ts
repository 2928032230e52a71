// Plain text (.txt, .log, .csv, .json, source code, anything that decodes as text): paragraphs are separated by blank lines.
import type { Block } from '../../common/types.js';
import { isBlank, lines, skipSpace, trimEndAt } from './lines.js';

export function parseText(text: string): Block[] {
  const blocks: Block[] = [];
  let first: { start: number; no: number } | null = null;
  let lastEnd = 0;
  const flush = (): void => {
    if (!first) return;
    const start = skipSpace(text, first.start, lastEnd);
    const end = trimEndAt(text, start, lastEnd);
    if (end > start) blocks.push({ kind: 'paragraph', text: text.slice(start, end), start, end, line: first.no });
    first = null;
  };
  for (const line of lines(text)) {
    if (isBlank(line.text)) {
      flush();
    } else {
      first ??= { start: line.start, no: line.no };
      lastEnd = line.end;
    }
  }
  flush();
  return blocks;
}
