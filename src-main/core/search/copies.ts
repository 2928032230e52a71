// Copies of one passage take one place in the results. A folder often holds the same text more than once: a manual
// as HTML, PDF and plain text, a report and "report (1).docx", a licence header in every source file. Shown as they
// rank, the copies fill the five places with one answer. A candidate is a copy of a better-ranked passage when at
// least half of its text is already there (word 5-grams, so the same words cut into passages at other places, or
// wrapped and punctuated otherwise by another format, still count); it is listed under that passage ("also in")
// instead of taking a place of its own. Only containment in the shown passage counts: a longer passage that holds a
// shorter one above it brings new text, and keeps its own place.

/** Words per shingle: long enough that passages on one subject in one manual rarely share many. */
const SHINGLE = 5;

/** The share of a candidate's shingles that must be in a passage above it for it to be listed as a copy of that one. */
export const COPY_OVERLAP = 0.5;

/** A passage's word 5-grams, case and punctuation aside (a passage of under five words is one shingle of all of them). */
export function shingles(text: string): Set<string> {
  const words =
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < SHINGLE) return new Set(words.length ? [words.join(' ')] : []);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= words.length; i++) out.add(words.slice(i, i + SHINGLE).join(' '));
  return out;
}

/** The share of `part`'s shingles that are in `whole` (0 for a passage without words). */
export function containment(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
  if (!part.size) return 0;
  let n = 0;
  for (const s of part) if (whole.has(s)) n++;
  return n / part.size;
}

export interface Folded<T> {
  item: T;
  /** The candidates listed as copies of it, best-ranked first. */
  copies: T[];
}

/**
 * The first `top` passages of a ranked list that are not copies of one above them, each with its copies from anywhere
 * in the list. A candidate that is a copy of several shown passages goes with the best-ranked one.
 */
export function foldCopies<T>(
  ranked: readonly T[],
  textOf: (item: T) => string,
  top: number,
  overlap = COPY_OVERLAP,
): Folded<T>[] {
  const shown: Array<Folded<T> & { words: Set<string> }> = [];
  for (const item of ranked) {
    const words = shingles(textOf(item));
    const of = shown.find((s) => containment(words, s.words) >= overlap);
    if (of) of.copies.push(item);
    else if (shown.length < top) shown.push({ item, copies: [], words });
  }
  return shown.map(({ item, copies }) => ({ item, copies }));
}
