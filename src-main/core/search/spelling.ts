// Misspelled words in a question, corrected against the words of the library itself: a word the index does not
// hold (not even by its stem, as BM25 matches) is replaced by the most common indexed word one edit away (two for
// long words), keeping its first letter. The corrected question feeds every stage (the question's vector, BM25 and
// the cross-encoder), so "udno the lsat comit" searches for "undo the last commit". A dictionary of the library's
// own words rather than a general one: the names and terms of the user's documents are what they ask about. A
// general one only says what is spelled right: a word the embedding model's vocabulary holds whole ("hurt", "fast")
// or an everyday English word (english-words.ts: "wealthier", "infarction") is taken as meant, even where the
// library lacks it, so a correctly spelled word is not turned into its indexed neighbour ("hunt", "fact",
// "weather", "infection").
import { stemmer } from 'stemmer';

export interface Vocabulary {
  /** Each lowercase word of the indexed text (Latin, Greek or Cyrillic letters), with the passages holding it. */
  readonly words: ReadonlyMap<string, number>;
  /** The stems of those words: a word whose stem is here is matched by BM25 and is not a typo. */
  readonly stems: { has(stem: string): boolean };
  /** The words by first letter, the only ones a correction looks at. */
  readonly byInitial: ReadonlyMap<string, Iterable<string>>;
}

/** Words known to be spelled right though the library may lack them. */
export interface KnownWords {
  has(word: string): boolean;
}

export interface Correction {
  from: string;
  to: string;
}

const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
/** Alphabetic scripts that separate words with spaces; the others (Han, Thai, …) are left as typed. */
const CORRECTABLE = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]+$/u;
const ASCII_WORD = /^[a-z]+$/;
/** Shorter words have too many neighbours one edit away to tell which was meant. */
const MIN_LENGTH = 4;
/** Words this long may be two edits from what was meant. */
const TWO_EDITS_FROM = 9;

/**
 * The words of a library, kept up to date passage by passage: `add` a passage's text when it is indexed and `remove`
 * it when it goes, and the counts stay what a scan of the whole table would give (the store keeps them this way
 * across an index run, so that no question has to read the whole library's text).
 */
export class WordCounts implements Vocabulary {
  readonly words = new Map<string, number>();
  /** How many of the words have each stem. */
  readonly stems = new Map<string, number>();
  readonly byInitial = new Map<string, Set<string>>();
  /** Set when a passage was removed that was never added: the counts no longer match the library. */
  drifted = false;

  /** From saved counts: each word, its count, and its stem where known (stemming is most of the cost). */
  static of(entries: Iterable<readonly [word: string, count: number, stem?: string]>): WordCounts {
    const c = new WordCounts();
    for (const [w, n, stem] of entries) if (n > 0) c.bump(w, n, stem);
    return c;
  }

  /** The stem of each word, as counted. */
  stemOf(word: string): string {
    return stemmer(word);
  }

  /** Counts each word of one passage once. */
  add(text: string): void {
    for (const w of distinctWords(text)) this.bump(w, 1);
  }

  remove(text: string): void {
    for (const w of distinctWords(text)) this.bump(w, -1);
  }

  clear(): void {
    this.words.clear();
    this.stems.clear();
    this.byInitial.clear();
  }

  private bump(w: string, by: number, knownStem?: string): void {
    // only words of the scripts corrected are kept: a question's word of another kind is never looked up, and the
    // numbers, hashes and identifiers of logs and code would fill memory (591,539 words in 20,000 log passages)
    const kept = this.words.get(w);
    if (kept === undefined && !correctable(w)) return;
    const had = kept ?? 0;
    const n = had + by;
    if (n < 0 || (by < 0 && had === 0)) {
      this.drifted = true;
      return;
    }
    if (n > 0) this.words.set(w, n);
    else this.words.delete(w);
    if ((had === 0) === (n === 0)) return; // the word was there and stays, or the reverse: nothing else changes
    const stem = knownStem || stemmer(w);
    const stems = (this.stems.get(stem) ?? 0) + (n > 0 ? 1 : -1);
    if (stems > 0) this.stems.set(stem, stems);
    else this.stems.delete(stem);
    if (w.length < MIN_LENGTH - 1) return;
    const first = w[0]!;
    let list = this.byInitial.get(first);
    if (n > 0) {
      if (!list) this.byInitial.set(first, (list = new Set()));
      list.add(w);
    } else if (list) {
      list.delete(w);
      if (!list.size) this.byInitial.delete(first);
    }
  }
}

/** Latin, Greek or Cyrillic letters only (the plain ASCII case first: most words, and far cheaper to test). */
function correctable(w: string): boolean {
  return ASCII_WORD.test(w) || CORRECTABLE.test(w);
}

function distinctWords(text: string): Set<string> {
  return new Set(text.toLowerCase().match(WORD) ?? []);
}

export function buildVocabulary(texts: Iterable<string>): WordCounts {
  const c = new WordCounts();
  for (const t of texts) c.add(t);
  return c;
}

/**
 * Optimal string alignment distance (Levenshtein plus the swap of two neighbouring letters) between `a` and `b`, or
 * `max + 1` as soon as it must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

function known(word: string, vocab: Vocabulary, common: KnownWords): boolean {
  return common.has(word) || vocab.words.has(word) || vocab.stems.has(stemmer(word));
}

/**
 * The indexed word meant by a word the index does not hold, or null when none is close enough. `common`: words
 * known to be spelled right though the library may lack them.
 */
export function suggest(word: string, vocab: Vocabulary, common: KnownWords = new Set()): string | null {
  const w = word.toLowerCase();
  if (w.length < MIN_LENGTH || !correctable(w) || known(w, vocab, common)) return null;
  const max = w.length >= TWO_EDITS_FROM ? 2 : 1;
  let best: string | null = null;
  let bestDistance = max + 1;
  let bestCount = 0;
  for (const c of vocab.byInitial.get(w[0]!) ?? []) {
    const d = editDistance(w, c, Math.min(max, bestDistance));
    if (d > max) continue;
    const count = vocab.words.get(c) ?? 0;
    if (d < bestDistance || (d === bestDistance && (count > bestCount || (count === bestCount && c < best!)))) {
      best = c;
      bestDistance = d;
      bestCount = count;
    }
  }
  return best;
}

function sameCase(typed: string, word: string): string {
  if (typed.length > 1 && typed === typed.toUpperCase()) return word.toUpperCase();
  if (typed[0] === typed[0]!.toUpperCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

/** A word in capitals ("JSON", "NASA"), in a question that is not typed in capitals throughout. */
function acronym(typed: string, shouted: boolean): boolean {
  return !shouted && typed.length > 1 && typed === typed.toUpperCase() && typed !== typed.toLowerCase();
}

/**
 * The question with each misspelled word replaced (see suggest); the rest of it, punctuation included, as typed.
 * A word typed in capitals is taken as meant (an acronym: "JSON" is not "JASON"), unless the whole question is.
 */
export function correctSpelling(
  question: string,
  vocab: Vocabulary,
  common: KnownWords = new Set(),
): { question: string; corrections: Correction[] } {
  const corrections: Correction[] = [];
  if (!vocab.words.size) return { question, corrections };
  const shouted = question === question.toUpperCase();
  const out = question.replace(WORD, (typed) => {
    const to = acronym(typed, shouted) ? null : suggest(typed, vocab, common);
    if (!to) return typed;
    const word = sameCase(typed, to);
    corrections.push({ from: typed, to: word });
    return word;
  });
  return { question: out, corrections };
}
