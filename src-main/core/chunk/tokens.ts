// Token counting for the chunker: the embedding model's own tokenizer (the same adapter the embedder uses,
// so chunk sizes are counted exactly as the model will see them).
import { dirname } from 'node:path';
import { TextTokenizer } from '../models/tokenizer.js';

export type CountTokens = (text: string) => number;

/** Loads tokenizer.json (and tokenizer_config.json beside it); counts tokens without [CLS]/[SEP]. */
export async function loadTokenCounter(tokenizerJsonPath: string): Promise<CountTokens> {
  const tokenizer = await TextTokenizer.load(dirname(tokenizerJsonPath));
  return (text) => tokenizer.countTokens(text);
}

/**
 * A stand-in when no tokenizer is configured (tests, tools): words and punctuation marks, which WordPiece
 * never merges, so it undercounts only sub-word splits; 1.3 per word covers those for English prose.
 */
export const approxTokenCount: CountTokens = (text) => {
  const pieces = text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu);
  if (!pieces) return 0;
  let n = 0;
  for (const p of pieces) n += p.length > 6 ? Math.ceil(p.length / 5) : 1;
  return n;
};
