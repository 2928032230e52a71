import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResult } from '../../../src-main/cli/format.js';
import { containment, foldCopies, shingles } from '../../../src-main/core/search/copies.js';

const SECTION =
  'Debian provides unified access to the system default editor via command /usr/bin/editor so other programs can invoke it. You can change it by the following: sudo update-alternatives --config editor.';

test('shingles ignore case, punctuation, quotes and line wrapping', () => {
  const html = shingles(SECTION);
  const wrapped = shingles(
    SECTION.replace(/ /g, (s, i: number) => (i % 40 < 2 ? '\n    ' : s))
      .toUpperCase()
      .replace(/\./g, '”'),
  );
  assert.equal(containment(wrapped, html), 1);
  assert.deepEqual([...shingles('Only three words')], ['only three words']);
  assert.equal(shingles(' -- ! ').size, 0);
  assert.equal(containment(shingles('...'), html), 0, 'a passage without words is no copy of anything');
});

test('a candidate mostly inside a passage above it is listed under that passage; the rest keep their places', () => {
  const ranked = [
    { id: 'txt', text: `Note: good editors handle UTF-8 well. ${SECTION}` }, // the section with a note before it
    { id: 'other', text: 'The sticky bit on a directory keeps users from removing files of other owners in /tmp.' },
    { id: 'pdf', text: `${SECTION} Tip: many programs read $EDITOR.` }, // the same section, cut elsewhere
    { id: 'html', text: SECTION },
    { id: 'third', text: 'Cron runs scheduled jobs; edit the table with crontab -e and check the mail it sends.' },
  ];
  const folded = foldCopies(ranked, (r) => r.text, 5);
  assert.deepEqual(
    folded.map((f) => [f.item.id, f.copies.map((c) => c.id)]),
    [
      ['txt', ['pdf', 'html']],
      ['other', []],
      ['third', []],
    ],
  );
  // `top` counts shown passages: copies found after the last place is filled still join their passage
  assert.deepEqual(
    foldCopies(ranked, (r) => r.text, 1).map((f) => [f.item.id, f.copies.length]),
    [['txt', 2]],
  );
});

test('a longer passage that holds a shorter one above it brings new text and keeps its own place', () => {
  const short = { id: 'short', text: SECTION };
  const more =
    'Vim and Emacs both read the locale and can be told the encoding of a file. The choice of vim.basic over vim.tiny is a good one for newcomers, since it highlights syntax, and the editor variable of the shell should point at the same program.';
  const long = { id: 'long', text: `${SECTION} ${more}` };
  assert.deepEqual(
    foldCopies([short, long], (r) => r.text, 5).map((f) => f.item.id),
    ['short', 'long'],
  );
  // the other way round, the short one is a copy of the long one above it
  assert.deepEqual(
    foldCopies([long, short], (r) => r.text, 5).map((f) => [f.item.id, f.copies.map((c) => c.id)]),
    [['long', ['short']]],
  );
});

test('passages that share a sentence but differ in the rest are not copies', () => {
  const shared = 'See the chapter on networking for more about this.';
  const a = {
    id: 'a',
    text: `Static addresses are set in /etc/network/interfaces with the address and gateway lines. ${shared}`,
  };
  const b = { id: 'b', text: `NetworkManager keeps its connections in /etc/NetworkManager and nmcli edits them. ${shared}` };
  assert.equal(foldCopies([a, b], (r) => r.text, 5).length, 2);
  assert.ok(containment(shingles(b.text), shingles(a.text)) < 0.5);
});

test('the terminal names three copies of a passage, the folder of a copy in another one, and counts the rest', () => {
  const at = (root: string, path: string, line: number | null) => ({
    id: path,
    root,
    path,
    page: null,
    line,
    location: line ? `line ${line}` : '',
    start: 0,
    end: 10,
    relevance: 0.5,
  });
  const copies = [
    at('/docs', '/docs/manual.md', 4),
    at('/backup', '/backup/old/manual.txt', 1),
    at('/docs', '/docs/b.html', null),
    at('/docs', '/docs/c.txt', 2),
    at('/docs', '/docs/d.txt', 3),
  ];
  const text = formatResult(
    {
      question: 'q',
      passages: [
        {
          ...at('/docs', '/docs/manual.html', null),
          text: 'The text.',
          heading: '',
          retrievalRank: 1,
          score: 1,
          retrievalScore: 1,
          cosine: 0.5,
          alsoIn: copies,
        },
      ],
      timings: { embedMs: 0, searchMs: 0, rerankMs: 0 },
      noGoodMatch: false,
    },
    { timings: false },
  );
  assert.match(
    text,
    /^ {3}also in manual\.md, line 4; backup\/old\/manual\.txt, line 1; b\.html and 2 more \(--json lists them\)$/m,
  );
});
