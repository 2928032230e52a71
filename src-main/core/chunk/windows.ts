// Fixed-size token windows with overlap: the baseline the paragraph chunker is evaluated against.
import { splitWords } from './sentences.js';
import type { CountTokens } from './tokens.js';

export interface WindowChunk {
  text: string;
  start: number;
  end: number;
  ordinal: number;
}

export function chunkWindows(
  text: string,
  opts: { size: number; overlap: number; countTokens: CountTokens },
): WindowChunk[] {
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
