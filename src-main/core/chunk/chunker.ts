// Paragraph chunker: consecutive paragraphs under one heading merge into chunks of about minTokens..maxTokens tokens
// (a section's worth of text: the unit a reader wants, and the one retrieval + re-ranking found best on the tuning
// slices, docs/quality.md); long paragraphs split at sentences. Chunks never cross a page (slide, sheet, chapter,
// message), nor a heading, except for a fragment of a few words (a one-line section: "See image (p. 74)."), which
// joins its neighbour rather than stand alone as a passage; a standalone block (a spreadsheet row) is a chunk of its
// own.
// No text is ever dropped or truncated: every chunk's token count stays within maxTokens by splitting, not cutting.
import { createHash } from 'node:crypto';
import type { Block, Chunk } from '../../common/types.js';
import { splitSentences, splitWords, type Span } from './sentences.js';
import { HeadingPath } from './headings.js';
import type { CountTokens } from './tokens.js';

export const CHUNKER_VERSION = 'para-v3';
/** A chunk of fewer words than this joins a neighbour, across a heading if need be (para-v2 kept it alone). */
const MIN_WORDS = 5;
/** Paragraphs under one heading merge until a chunk holds this many tokens (para-v1 merged only fragments under 32). */
export const DEFAULT_MIN_TOKENS = 192;

export interface ChunkOptions {
  path: string;
  countTokens: CountTokens;
  /** Default 250: leaves room for [CLS] and [SEP] within a 256-token model window. */
  maxTokens?: number;
  /** A chunk below this merges with the next paragraph under the same heading (within maxTokens). Default 192. */
  minTokens?: number;
}

interface Piece {
  text: string;
  tokens: number;
  heading: string;
  page: number | null;
  line: number | null;
  start: number;
  end: number;
  /** From a standalone block (a spreadsheet row): never merged. */
  standalone: boolean;
}

export function chunkId(path: string, ordinal: number, text: string): string {
  return createHash('sha1').update(`${path}\0${ordinal}\0${text}`).digest('hex').slice(0, 32);
}

/**
 * Characters per chunk, whatever the token count: BERT tokenizers turn a word over 100 characters into one [UNK],
 * so a 200 KB hash would otherwise be "one token" and one unreadable chunk.
 */
const CHARS_PER_TOKEN_CAP = 16;

interface Unit {
  start: number;
  end: number;
  tokens: number;
}

/** Splits [from, to) of text into units of at most max tokens: sentences, then words, then characters. */
function units(text: string, spans: Span[], max: number, count: CountTokens, level: 0 | 1 | 2): Unit[] {
  const out: Unit[] = [];
  for (const [s, e] of spans) {
    const tokens = count(text.slice(s, e));
    const maxChars = max * CHARS_PER_TOKEN_CAP;
    if ((tokens <= max && e - s <= maxChars) || e - s <= 1) {
      out.push({ start: s, end: e, tokens });
    } else if (level === 0) {
      out.push(...units(text, splitWords(text, s, e), max, count, 1));
    } else {
      // A single word longer than the window (a hash, a minified line): cut by characters.
      const step = Math.max(1, Math.min(maxChars, Math.floor(((e - s) * max) / Math.max(1, tokens))));
      const pieces: Span[] = [];
      for (let i = s; i < e; i += step) pieces.push([i, Math.min(e, i + step)]);
      out.push(...units(text, pieces, max, count, 2));
    }
  }
  return out;
}

/** Greedy packing of consecutive units into spans of at most max tokens. */
function pack(list: Unit[], max: number): Unit[] {
  const out: Unit[] = [];
  let cur: Unit | null = null;
  for (const u of list) {
    if (cur && cur.tokens + u.tokens <= max && u.end - cur.start <= max * CHARS_PER_TOKEN_CAP) {
      cur.end = u.end;
      cur.tokens += u.tokens;
    } else {
      cur = { ...u };
      out.push(cur);
    }
  }
  return out;
}

function splitParagraph(text: string, max: number, count: CountTokens): Unit[] {
  // Counting a huge paragraph whole is wasted work: no token is longer than a dozen characters in practice.
  const total = text.length > max * 12 ? Infinity : count(text);
  if (total <= max) return [{ start: 0, end: text.length, tokens: total }];
  return pack(units(text, splitSentences(text), max, count, 0), max);
}

function canMerge(a: Piece, b: Piece, max: number, acrossHeadings = false): boolean {
  // a chunk points at one page: the page is where the user is sent to read it
  if (a.standalone || b.standalone) return false;
  return (
    (acrossHeadings || a.heading === b.heading) &&
    a.page === b.page &&
    a.tokens + b.tokens <= max &&
    a.text.length + b.text.length + 2 <= max * CHARS_PER_TOKEN_CAP
  );
}

const wordCount = (text: string): number => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;

function merge(a: Piece, b: Piece): Piece {
  return { ...a, text: `${a.text}\n\n${b.text}`, tokens: a.tokens + b.tokens, end: b.end };
}

export function chunkBlocks(blocks: Block[], opts: ChunkOptions): Chunk[] {
  const max = opts.maxTokens ?? 250;
  const min = opts.minTokens ?? DEFAULT_MIN_TOKENS;
  const headings = new HeadingPath();
  const pieces: Piece[] = [];

  for (const block of blocks) {
    if (block.kind === 'heading') {
      headings.enter(block);
      continue;
    }
    if (!/\S/.test(block.text)) continue;
    const heading = headings.toString();
    // Offsets of a split piece are exact when the block text is the source slice; otherwise the block's span.
    const exact = block.end - block.start === block.text.length;
    let lineNo = block.line ?? null;
    let lineAt = 0;
    for (const u of splitParagraph(block.text, max, opts.countTokens)) {
      if (lineNo !== null && exact) {
        for (let i = block.text.indexOf('\n', lineAt); i !== -1 && i < u.start; i = block.text.indexOf('\n', i + 1)) lineNo++;
        lineAt = u.start;
      }
      pieces.push({
        text: block.text.slice(u.start, u.end),
        tokens: u.tokens,
        heading,
        page: block.page ?? null,
        line: exact ? lineNo : (block.line ?? null),
        start: exact ? block.start + u.start : block.start,
        end: exact ? block.start + u.end : block.end,
        standalone: block.standalone === true,
      });
    }
  }

  // Short chunks merge forward (with the following paragraph) under the same heading...
  const merged: Piece[] = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.tokens < min && canMerge(last, p, max)) {
      merged[merged.length - 1] = merge(last, p);
    } else {
      merged.push(p);
    }
  }
  // ...and a short last fragment of a section merges backwards.
  for (let i = merged.length - 1; i > 0; i--) {
    const p = merged[i] as Piece;
    const prev = merged[i - 1] as Piece;
    const next = merged[i + 1];
    const endsSection = !next || next.heading !== p.heading;
    if (p.tokens < min && endsSection && canMerge(prev, p, max)) {
      merged.splice(i - 1, 2, merge(prev, p));
    }
  }

  // A fragment of a few words joins the next chunk (whose heading it takes), or else the one before, across a heading.
  for (let i = 0; i < merged.length; i++) {
    const p = merged[i] as Piece;
    if (wordCount(p.text) >= MIN_WORDS) continue;
    const next = merged[i + 1];
    const prev = merged[i - 1];
    if (next && canMerge(p, next, max, true)) merged.splice(i--, 2, { ...merge(p, next), heading: next.heading });
    else if (prev && canMerge(prev, p, max, true)) merged.splice(--i, 2, merge(prev, p));
  }

  return merged.map((p, ordinal) => ({
    id: chunkId(opts.path, ordinal, p.text),
    path: opts.path,
    text: p.text,
    page: p.page,
    line: p.line,
    start: p.start,
    end: p.end,
    heading: p.heading,
    ordinal,
  }));
}
