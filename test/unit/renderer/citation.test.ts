import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locationOf, withCitation } from '../../../src-renderer/lib/paths.js';

test('a copied passage ends with its file, inside its added folder, and its page or line', () => {
  const base = { text: '  Alpacas hum.\n', root: '/home/ana/notes', page: null, line: null };
  assert.equal(withCitation({ ...base, path: '/home/ana/notes/zoo/alpacas.md', line: 12 }), 'Alpacas hum.\n\n— notes/zoo/alpacas.md, line 12');
  assert.equal(withCitation({ ...base, path: '/home/ana/notes/paper.pdf', page: 3 }), 'Alpacas hum.\n\n— notes/paper.pdf, page 3');
  assert.equal(withCitation({ ...base, path: '/home/ana/notes/a.txt' }), 'Alpacas hum.\n\n— notes/a.txt');
  assert.equal(
    withCitation({ ...base, root: 'C:\\Users\\ana\\notes', path: 'C:\\Users\\ana\\notes\\zoo\\a.md', line: 2 }),
    'Alpacas hum.\n\n— notes/zoo/a.md, line 2',
  );
  assert.equal(locationOf({ page: 0, line: null }), '');
});
