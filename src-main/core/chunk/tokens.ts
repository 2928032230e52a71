// Token counting for the chunker: the embedding model's own tokenizer, loaded once by whoever owns it.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

export type CountTokens = (text: string) => number;

/** Loads tokenizer.json (and tokenizer_config.json beside it, when present); counts tokens without [CLS]/[SEP]. */
export async function loadTokenCounter(tokenizerJsonPath: string): Promise<CountTokens> {
  const json: unknown = JSON.parse(await readFile(tokenizerJsonPath, 'utf8'));
  let config: unknown = {};
  try {
    config = JSON.parse(await readFile(join(dirname(tokenizerJsonPath), 'tokenizer_config.json'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tokenizer = new Tokenizer(json as object, config as object);
  return (text) => tokenizer.encode(text, { add_special_tokens: false }).ids.length;
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
