import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { CHUNKER_VERSION, DEFAULT_MIN_TOKENS, chunkBlocks } from '../../../src-main/core/chunk/chunker.js';
import { splitSentences } from '../../../src-main/core/chunk/sentences.js';
import { chunkWindows } from '../../../src-main/core/chunk/windows.js';
import { loadTokenCounter } from '../../../src-main/core/chunk/tokens.js';
import { parseText } from '../../../src-main/core/parse/text.js';
import { parseMarkdown } from '../../../src-main/core/parse/markdown.js';
import type { Block } from '../../../src-main/common/types.js';

/** Stand-in tokenizer: one token per whitespace-separated word. */
const words = (s: string): number => (s.match(/\S+/g) ?? []).length;
const sentence = (i: number, n = 10): string =>
  `Sentence ${i} ${Array.from({ length: n - 3 }, (_, k) => `w${i}x${k}`).join(' ')} end.`;

test('version is part of the index identity', () => {
  assert.equal(CHUNKER_VERSION, 'para-v3');
});

test('headings set the path and are not chunks; short fragments merge forward under the same heading', () => {
  const src = [
    '# Top',
    '',
    'Tiny.',
    '',
    sentence(1, 20),
    '',
    '## Sub',
    '',
    sentence(2, 20),
    '',
    'End bit.',
    '',
    '# Other',
    '',
    'Lone.',
  ].join('\n');
  const chunks = chunkBlocks(parseMarkdown(src), { path: '/d/a.md', countTokens: words, maxTokens: 50, minTokens: 5 });
  assert.deepEqual(
    chunks.map((c) => [c.heading, c.text, c.ordinal, c.line]),
    [
      ['Top', `Tiny.\n\n${sentence(1, 20)}`, 0, 3],
      // 'Lone.', a whole section of one word at the end, joins the chunk before it rather than stand alone
      ['Top > Sub', `${sentence(2, 20)}\n\nEnd bit.\n\nLone.`, 1, 9],
    ],
  );
  // A merged chunk spans from its first to its last source paragraph.
  assert.equal(src.slice(chunks[0]!.start, chunks[0]!.end), `Tiny.\n\n${sentence(1, 20)}`);
});

test('only a fragment of a few words merges across a heading (into the next chunk, taking its heading); nothing past maxTokens', () => {
  const blocks = parseMarkdown(['# A', '', 'Short one.', '', '# B', '', sentence(1, 10)].join('\n'));
  const chunks = chunkBlocks(blocks, { path: 'p', countTokens: words, maxTokens: 50, minTokens: 5 });
  assert.deepEqual(
    chunks.map((c) => [c.heading, c.text]),
    [['B', `Short one.\n\n${sentence(1, 10)}`]],
  );
  const five = parseMarkdown(['# A', '', 'Five words stand alone here.', '', '# B', '', sentence(1, 10)].join('\n'));
  assert.deepEqual(
    chunkBlocks(five, { path: 'p', countTokens: words, maxTokens: 50, minTokens: 5 }).map((c) => [c.heading, c.text]),
    [
      ['A', 'Five words stand alone here.'],
      ['B', sentence(1, 10)],
    ],
  );
  const tight = chunkBlocks(parseText(`Tiny.\n\n${sentence(1, 10)}`), {
    path: 'p',
    countTokens: words,
    maxTokens: 10,
    minTokens: 5,
  });
  assert.deepEqual(
    tight.map((c) => c.text),
    ['Tiny.', sentence(1, 10)],
  );
});

test('long paragraphs split at sentence boundaries; no text lost; offsets and lines point at the text', () => {
  const para = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
  const src = `Intro line that is long enough to stand alone as a paragraph here.\n\n${para.replace(/ Sentence 6/, '\nSentence 6')}`;
  const blocks = parseText(src);
  const chunks = chunkBlocks(blocks, { path: '/x.txt', countTokens: words, maxTokens: 35, minTokens: 3 });
  for (const c of chunks) {
    assert.ok(words(c.text) <= 35, `chunk over limit: ${words(c.text)}`);
    assert.equal(src.slice(c.start, c.end), c.text);
    assert.equal(src.slice(0, c.start).split('\n').length, c.line);
    // Every chunk of the long paragraph starts at a sentence start and ends at a sentence end.
    if (c.ordinal > 0) assert.match(c.text, /^Sentence \d+ [\s\S]* end\.$/);
  }
  assert.deepEqual(
    chunks
      .map((c) => c.text)
      .join(' ')
      .match(/\S+/g),
    src.match(/\S+/g),
  );
  assert.equal(chunks.length, 1 + 4); // 12 sentences of 10 words, 3 per chunk
});

test('a single over-long sentence splits at words; an over-long word at characters', () => {
  const long = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
  const blocks: Block[] = [{ kind: 'paragraph', text: long, start: 0, end: long.length, line: 1 }];
  const chunks = chunkBlocks(blocks, { path: 'p', countTokens: words, maxTokens: 30, minTokens: 1 });
  assert.deepEqual(
    chunks.map((c) => words(c.text)),
    [30, 30, 30, 10],
  );
  assert.equal(chunks.map((c) => c.text).join(' '), long);

  const hash = 'ab'.repeat(500);
  const perChar = (s: string): number => s.replace(/\s/g, '').length;
  const hashChunks = chunkBlocks([{ kind: 'paragraph', text: hash, start: 0, end: hash.length }], {
    path: 'p',
    countTokens: perChar,
    maxTokens: 250,
    minTokens: 1,
  });
  assert.ok(hashChunks.every((c) => perChar(c.text) <= 250));
  assert.equal(hashChunks.map((c) => c.text).join(''), hash);

  // WordPiece makes any word over 100 characters one [UNK]: chunks are still capped in characters.
  const blob = 'x'.repeat(10_000);
  const unk = (s: string): number => (s.match(/\S+/g) ?? []).length;
  const blobChunks = chunkBlocks([{ kind: 'paragraph', text: blob, start: 0, end: blob.length }], {
    path: 'p',
    countTokens: unk,
    maxTokens: 250,
  });
  assert.deepEqual(
    blobChunks.map((c) => c.text.length),
    [4000, 4000, 2000],
  );
});

test('chunk ids: sha1(path \\0 ordinal \\0 text), 32 hex, deterministic', () => {
  const blocks = parseText(`${sentence(1, 40)}\n\n${sentence(2, 40)}`);
  const a = chunkBlocks(blocks, { path: '/a.txt', countTokens: words, minTokens: 32 });
  const b = chunkBlocks(blocks, { path: '/a.txt', countTokens: words, minTokens: 32 });
  assert.deepEqual(a, b);
  assert.equal(a.length, 2);
  const expected = createHash('sha1').update(`/a.txt\0${1}\0${a[1]!.text}`).digest('hex').slice(0, 32);
  assert.equal(a[1]!.id, expected);
  assert.notEqual(chunkBlocks(blocks, { path: '/b.txt', countTokens: words, minTokens: 32 })[1]!.id, a[1]!.id);
});

test('pages carry over; lines are null where the format has none', () => {
  const blocks: Block[] = [
    { kind: 'paragraph', text: sentence(1, 40), page: 1, start: 0, end: 40 },
    { kind: 'paragraph', text: sentence(2, 40), page: 2, start: 42, end: 80 },
  ];
  const chunks = chunkBlocks(blocks, { path: 'p', countTokens: words });
  assert.deepEqual(
    chunks.map((c) => [c.page, c.line]),
    [
      [1, null],
      [2, null],
    ],
  );
});

test('sentence splitter: abbreviations, initials, decimals', () => {
  const text = 'Dr. Smith met J. R. Doe at 3.5 p.m. yesterday. It rained, e.g. heavily! Did it stop? Yes.';
  const spans = splitSentences(text).map(([s, e]) => text.slice(s, e));
  assert.deepEqual(spans, ['Dr. Smith met J. R. Doe at 3.5 p.m. yesterday.', 'It rained, e.g. heavily!', 'Did it stop?', 'Yes.']);
});

test('window chunker: fixed size with overlap', () => {
  const text = Array.from({ length: 10 }, (_, i) => `t${i}`).join(' ');
  const w = chunkWindows(text, { size: 4, overlap: 1, countTokens: words });
  assert.deepEqual(
    w.map((c) => c.text),
    ['t0 t1 t2 t3', 't3 t4 t5 t6', 't6 t7 t8 t9'],
  );
  for (const c of w) assert.equal(text.slice(c.start, c.end), c.text);
});

const TOKENIZER = 'resources/models/all-MiniLM-L6-v2/tokenizer.json';
test(
  'real tokenizer: every chunk fits the 256-token window with [CLS] and [SEP]',
  { skip: !existsSync(TOKENIZER) && 'tokenizer.json not there yet' },
  async () => {
    const count = await loadTokenCounter(TOKENIZER);
    assert.equal(count('hello world'), 2);
    const para = Array.from({ length: 60 }, (_, i) => `The ${i}th measurement of electroencephalography was inconclusive.`).join(
      ' ',
    );
    const chunks = chunkBlocks(parseText(para), { path: 'p', countTokens: count });
    assert.ok(chunks.length > 1);
    for (const c of chunks) assert.ok(count(c.text) <= 250, `${count(c.text)} tokens`);
    assert.deepEqual(
      chunks
        .map((c) => c.text)
        .join(' ')
        .match(/\S+/g),
      para.match(/\S+/g),
    );
  },
);

test('by default, paragraphs under one heading merge up to DEFAULT_MIN_TOKENS, never past maxTokens or a heading (a fragment of a few words aside)', () => {
  const paras = Array.from({ length: 5 }, (_, i) => sentence(i, 60));
  const src = ['# A', '', ...paras.flatMap((p) => [p, '']), '# B', '', sentence(9, 60)].join('\n');
  const chunks = chunkBlocks(parseMarkdown(src), { path: '/d/a.md', countTokens: words, maxTokens: 250 });
  assert.equal(DEFAULT_MIN_TOKENS, 192);
  assert.deepEqual(
    chunks.map((c) => [c.heading, c.text]),
    [
      ['A', paras.slice(0, 4).join('\n\n')], // 240 tokens: a fifth paragraph would pass 250
      ['A', paras[4]],
      ['B', sentence(9, 60)],
    ],
  );
});
