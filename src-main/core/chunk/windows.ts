// Fixed-size token windows with overlap: the baseline the paragraph chunker is evaluated against.
import type { Block, Chunk } from '../../common/types.js';
import { chunkId } from './chunker.js';
import { splitWords } from './sentences.js';
import { HeadingPath } from './headings.js';
import type { CountTokens } from './tokens.js';

export interface WindowChunk {
  text: string;
  start: number;
  end: number;
  ordinal: number;
}

export function chunkWindows(text: string, opts: { size: number; overlap: number; countTokens: CountTokens }): WindowChunk[] {
  if (opts.overlap >= opts.size) throw new RangeError('overlap must be smaller than size');
  const words = splitWords(text);
  const tokens = words.map(([s, e]) => opts.countTokens(text.slice(s, e)));
  const out: WindowChunk[] = [];
  let i = 0;
  while (i < words.length) {
    let j = i;
    let sum = 0;
    while (j < words.length && (j === i || sum + (tokens[j] as number) <= opts.size)) sum += tokens[j++] as number;
    const start = (words[i] as [number, number])[0];
    const end = (words[j - 1] as [number, number])[1];
    out.push({ text: text.slice(start, end), start, end, ordinal: out.length });
    if (j >= words.length) break;
    // Step back over the last `overlap` tokens, always moving forward by at least one word.
    let k = j;
    let back = 0;
    while (k - 1 > i && back + (tokens[k - 1] as number) <= opts.overlap) back += tokens[--k] as number;
    i = Math.max(i + 1, k);
  }
  return out;
}

/**
 * Fixed-size windows over a parsed document: the paragraph blocks' text joined by blank lines, windowed, each
 * window mapped back to source offsets (and to the heading, page and line of the block it starts in).
 */
export function chunkBlockWindows(
  blocks: Block[],
  opts: { path: string; size: number; overlap: number; countTokens: CountTokens },
): Chunk[] {
  const parts: Array<{ block: Block; at: number; heading: string }> = [];
  const headings = new HeadingPath();
  let text = '';
  for (const block of blocks) {
    if (block.kind === 'heading') {
      headings.enter(block);
      continue;
    }
    if (!/\S/.test(block.text)) continue;
    if (text) text += '\n\n';
    parts.push({ block, at: text.length, heading: headings.toString() });
    text += block.text;
  }
  const partAt = (offset: number): { block: Block; at: number; heading: string } => {
    let lo = 0;
    for (let hi = parts.length - 1; lo < hi;) {
      const mid = (lo + hi + 1) >> 1;
      if ((parts[mid] as { at: number }).at <= offset) lo = mid;
      else hi = mid - 1;
    }
    return parts[lo] as { block: Block; at: number; heading: string };
  };
  // Offsets inside a block are exact when its text is the source slice; otherwise the block's own span.
  const source = (offset: number, edge: 'start' | 'end'): number => {
    const { block, at } = partAt(offset);
    const exact = block.end - block.start === block.text.length;
    if (!exact) return edge === 'start' ? block.start : block.end;
    return block.start + Math.min(block.text.length, offset - at);
  };
  return chunkWindows(text, opts).map((w, ordinal) => {
    const first = partAt(w.start);
    return {
      id: chunkId(opts.path, ordinal, w.text),
      path: opts.path,
      text: w.text,
      page: first.block.page ?? null,
      line: first.block.line ?? null,
      start: source(w.start, 'start'),
      end: source(w.end, 'end'),
      heading: first.heading,
      ordinal,
    };
  });
}
