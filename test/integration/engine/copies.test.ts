// Copies of one text in a library (a manual as HTML, Markdown and a backup .txt) take one place in the answer, through
// the real engine: the bundled models, a real LanceDB in a temp dir.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { formatResult } from '../../../src-main/cli/format.js';
import { Engine } from '../../../src-main/core/engine.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';

const EDITOR =
  'Debian provides unified access to the system default editor via the command /usr/bin/editor, so that other programs such as reportbug can invoke it. You can change the default editor with sudo update-alternatives --config editor, and pick vim.basic over vim.tiny for syntax highlighting.';
const SHELL =
  'The login shell of a user is set in /etc/passwd. Change it with chsh -s /bin/zsh and log in again; the new shell reads its own start-up files.';
const OTHER: Record<string, string> = {
  'bread.txt':
    'Sourdough bread rises because wild yeast and lactic acid bacteria in the starter ferment the flour, producing carbon dioxide that inflates the dough.',
  'volcano.md':
    '# Volcanoes\n\nA volcano forms where magma from the mantle rises through weak spots in the crust, mostly along the boundaries of tectonic plates.',
  'editors.md':
    '# Choosing an editor\n\nNano is the simplest editor for newcomers: the keys it understands are listed at the bottom of the screen, and Ctrl+O saves the file.',
};

let root: string;
let dataDir: string;
let engine: Engine;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'parascope-copies-docs-'));
  dataDir = await mkdtemp(join(tmpdir(), 'parascope-copies-data-'));
  await mkdir(join(root, 'backup'));
  await writeFile(
    join(root, 'guide.html'),
    `<html><body><h1>Editors</h1><p>${EDITOR}</p><h1>Shells</h1><p>${SHELL}</p></body></html>`,
  );
  // the plain-text rendering wraps lines and quotes otherwise; the backup cuts the text into one passage
  await writeFile(join(root, 'guide.txt'), `EDITORS\n\n${EDITOR.replace(/(.{60}\S*) /g, '$1\n    ')}\n\nSHELLS\n\n${SHELL}\n`);
  await writeFile(join(root, 'backup', 'guide (1).md'), `# Editors\n\n${EDITOR}\n\n# Shells\n\n${SHELL}\n`);
  for (const [name, text] of Object.entries(OTHER)) await writeFile(join(root, name), text);
  engine = await Engine.open({ dataDir, modelsDir: defaultModelsDir(), providers: ['cpu'] });
  await engine.index([root]);
});

after(async () => {
  await engine?.close();
  await rm(root, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

const GUIDES = ['guide.html', 'guide.txt', 'guide (1).md'];
const question = 'How do I change the default text editor?';

test('the copies of the answer are listed under it, and the other places go to other passages', async () => {
  const r = await engine.ask({ question, top: 5 });
  const [first, ...rest] = r.passages;
  assert.ok(first && GUIDES.includes(basename(first.path)), `the answer is first: ${first?.path}`);
  assert.match(first.text, /update-alternatives/);
  // (the .txt file, without headings, is one passage: both sections of each other copy are in it)
  const copies = [...new Set((first.alsoIn ?? []).map((c) => basename(c.path)))].sort();
  assert.deepEqual(copies, GUIDES.filter((g) => g !== basename(first.path)).sort());
  for (const c of first.alsoIn ?? []) {
    assert.ok(c.start < c.end && c.relevance >= 0 && c.relevance <= 1 && c.root === root);
    if (c.path.endsWith('.txt') || c.path.endsWith('.md')) assert.match(c.location, /^line \d+$/);
  }
  // no other shown passage holds the editor text again; the nano passage, which only shares the subject, is shown
  for (const p of rest) assert.doesNotMatch(p.text, /update-alternatives/);
  assert.ok(rest.some((p) => basename(p.path) === 'editors.md'));
  assert.equal(new Set(r.passages.map((p) => p.id)).size, r.passages.length);

  const text = formatResult(r, { timings: false });
  const also = text.split('\n').find((l) => l.startsWith('   also in '));
  assert.ok(also, text);
  for (const g of copies) assert.ok(also.includes(g), `${g} in "${also}"`);
});

test('with copies kept apart (the evaluation), the same text fills more than one place', async () => {
  const apart = { top: 5, foldCopies: false }; // the CLI's hidden --keep-copies: not a request the window can make
  const r = await engine.ask({ question, ...apart });
  const holding = r.passages.filter((p) => /update-alternatives/.test(p.text));
  assert.ok(holding.length >= 2, `${holding.length} passages hold the editor text`);
  assert.ok(r.passages.every((p) => p.alsoIn === undefined));
});
