import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyName, count, locationOf, withCitation } from '../../../src-renderer/lib/paths.js';

test('a copied passage ends with its file, inside its added folder, and its page or line', () => {
  const base = { text: '  Alpacas hum.\n', root: '/home/ana/notes', page: null, line: null };
  assert.equal(
    withCitation({ ...base, path: '/home/ana/notes/zoo/alpacas.md', line: 12 }),
    'Alpacas hum.\n\n— notes/zoo/alpacas.md, line 12',
  );
  assert.equal(
    withCitation({ ...base, path: '/home/ana/notes/paper.pdf', page: 3 }),
    'Alpacas hum.\n\n— notes/paper.pdf, page 3',
  );
  assert.equal(withCitation({ ...base, path: '/home/ana/notes/a.txt' }), 'Alpacas hum.\n\n— notes/a.txt');
  assert.equal(
    withCitation({ ...base, root: 'C:\\Users\\ana\\notes', path: 'C:\\Users\\ana\\notes\\zoo\\a.md', line: 2 }),
    'Alpacas hum.\n\n— notes/zoo/a.md, line 2',
  );
  assert.equal(locationOf({ path: 'a.pdf', page: 0, line: null }), '');
});

test('a location names the unit of its file type: page, slide, chapter, sheet and row, row, message or line', () => {
  const at = (path: string, page: number | null, line: number | null): string => locationOf({ path, page, line });
  assert.equal(at('/d/paper.PDF', 3, null), 'page 3');
  assert.equal(at('/d/deck.pptx', 2, null), 'slide 2');
  assert.equal(at('C:\\d\\talk.odp', 4, null), 'slide 4');
  assert.equal(at('/d/book.epub', 5, null), 'chapter 5');
  assert.equal(at('/d/stock.xlsx', 2, 14), 'sheet 2, row 14');
  assert.equal(at('/d/stock.ods', 1, 3), 'sheet 1, row 3');
  assert.equal(at('/d/people.csv', null, 9), 'row 9');
  assert.equal(at('/d/people.tsv', null, 2), 'row 2');
  assert.equal(at('/d/inbox.mbox', 12, null), 'message 12');
  assert.equal(at('/d/notes.md', null, 40), 'line 40');
  assert.equal(at('/d/report.docx', null, null), '');
  assert.equal(
    withCitation({ text: 'Copper wire.', root: '/d', path: '/d/stock.xlsx', page: 2, line: 3 }),
    'Copper wire.\n\n— d/stock.xlsx, sheet 2, row 3',
  );
});

test('counts say one file and 14,191 passages; a copy names its folder when it is in another added one', () => {
  assert.equal(count(1, 'file'), '1 file');
  assert.equal(count(0, 'passage'), '0 passages');
  assert.equal(count(14191, 'passage'), '14,191 passages');
  assert.equal(copyName('/docs', { root: '/docs', path: '/docs/a/b.md' }), 'a/b.md');
  assert.equal(copyName('/docs', { root: '/backup', path: '/backup/a/b.md' }), 'backup/a/b.md');
});
