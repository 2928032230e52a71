import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkBlockWindows } from '../../../src-main/core/chunk/windows.js';
import { parseText } from '../../../src-main/core/parse/text.js';
import { parseMarkdown } from '../../../src-main/core/parse/markdown.js';
import { chunkerSpec } from '../../../src-main/core/prepare.js';

const words = (s: string): number => (s.match(/\S+/g) ?? []).length;
const para = (i: number): string => Array.from({ length: 20 }, (_, k) => `p${i}w${k}`).join(' ');

test('windows span paragraphs and map back to source offsets', () => {
  const source = [para(0), para(1), para(2)].join('\n\n\n');
  const chunks = chunkBlockWindows(parseText(source), { path: '/x.txt', size: 30, overlap: 5, countTokens: words });
  assert.ok(chunks.length > 1);
  for (const c of chunks) {
    assert.ok(words(c.text) <= 30);
    // first and last words of the window are where the offsets say
    assert.equal(source.slice(c.start, c.start + c.text.split(/\s/)[0]!.length), c.text.split(/\s/)[0]);
    assert.ok(source.slice(c.start, c.end).endsWith(c.text.split(/\s/).at(-1)!));
  }
  assert.equal(chunks[0]!.start, 0);
  assert.equal(chunks.at(-1)!.end, source.length);
});

test('windows carry the heading of the block they start in', () => {
  const md = `# A\n\n${para(0)}\n\n# B\n\n${para(1)}\n`;
  const chunks = chunkBlockWindows(parseMarkdown(md), { path: '/x.md', size: 15, overlap: 0, countTokens: words });
  assert.equal(chunks[0]!.heading, 'A');
  assert.equal(chunks.at(-1)!.heading, 'B');
});

test('PARASCOPE_CHUNKER selects the chunker and names it in the index identity', () => {
  assert.equal(chunkerSpec({}).version, 'para-v3');
  assert.deepEqual(chunkerSpec({ PARASCOPE_CHUNKER: 'windows:256:32' }), {
    version: 'windows-v1:256:32',
    windows: { size: 256, overlap: 32 },
  });
  assert.deepEqual(chunkerSpec({ PARASCOPE_CHUNKER: 'paragraphs:96' }), { version: 'para-v3:min96', minTokens: 96 });
  assert.throws(() => chunkerSpec({ PARASCOPE_CHUNKER: 'windows:32:32' }), /PARASCOPE_CHUNKER/);
  assert.throws(() => chunkerSpec({ PARASCOPE_CHUNKER: 'paragraphs:' }), /PARASCOPE_CHUNKER/);
});
