import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walk, type WalkEntry } from '../../../src-main/core/ingest/walker.js';
import { compileExcludes } from '../../../src-main/core/ingest/glob.js';
import { detectFormat, isSupportedPath } from '../../../src-main/core/ingest/formats.js';

async function collect(roots: string[], opts = {}): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for await (const e of walk(roots, opts)) out.push(e);
  return out;
}

async function tree(): Promise<{ base: string; root: string; outside: string }> {
  const base = await mkdtemp(join(tmpdir(), 'parascope-walk-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  const files: Record<string, string> = {
    'a.txt': 'a',
    'b.md': 'b',
    'big.txt': 'x'.repeat(3 * 1024 * 1024),
    'app.log': 'log',
    'clip.mp4': 'mp4',
    'manual.ps': '%!PS-Adobe-2.0',
    'diagram.svg': '<svg/>',
    'notes.md.gz': 'gz',
    'backup.tar.gz': 'tgz',
    'ls.1.gz': 'man page',
    '.hidden.txt': 'hidden',
    '.git/config': 'git',
    'node_modules/pkg/readme.md': 'dep',
    'sub/c.txt': 'c',
    'sub/tmp/t.txt': 't',
    'build/out.txt': 'o',
    'docs/build.txt': 'not a folder named build',
    'docs/.secret/s.txt': 's',
  };
  for (const [rel, body] of Object.entries(files)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    await writeFile(join(root, rel), body);
  }
  await mkdir(outside, { recursive: true });
  await writeFile(join(outside, 'leak.txt'), 'outside');
  await symlink(root, join(root, 'sub', 'loop')); // a loop back to the root
  await symlink(outside, join(root, 'escape')); // a folder outside the root
  await symlink(join(outside, 'leak.txt'), join(root, 'leak-link.txt')); // a file outside the root
  await symlink(join(root, 'a.txt'), join(root, 'alias.txt')); // a file inside: indexed once, as a.txt
  await symlink(join(root, 'moved-away.txt'), join(root, 'dead-link.txt')); // a link whose target is gone
  return { base, root, outside };
}

test('walk: sorted files, hidden/node_modules skipped, links never leave the root, loop or name a file twice', async (t) => {
  const { base, root } = await tree();
  t.after(() => rm(base, { recursive: true, force: true }));
  const entries = await collect([root], { maxFileBytes: 2 * 1024 * 1024 });
  const rel = (e: WalkEntry): string => e.path.slice(root.length + 1);
  const files = entries.filter((e) => e.kind === 'file').map(rel);
  assert.deepEqual(files, [
    'a.txt',
    'app.log',
    'b.md',
    'notes.md.gz',
    'build/out.txt',
    'docs/build.txt',
    'sub/c.txt',
    'sub/tmp/t.txt',
  ]);
  const skipped = Object.fromEntries(
    entries.filter((e) => e.kind === 'skipped').map((e) => [rel(e), e.kind === 'skipped' ? e.reason : '']),
  );
  assert.deepEqual(skipped, {
    'big.txt': 'over the size limit (2 MB)',
    escape: 'link points outside the folder',
    'leak-link.txt': 'link points outside the folder',
    'clip.mp4': 'unsupported file type (.mp4)',
    'manual.ps': 'unsupported file type (.ps)',
    'diagram.svg': 'unsupported file type (.svg)',
    'backup.tar.gz': 'unsupported file type (.tar.gz)',
    'ls.1.gz': 'unsupported file type (.1.gz)',
    'dead-link.txt': 'broken link (what it points to is missing)',
  });
  for (const e of entries) assert.equal(e.root, root);
  const a = entries.find((e) => rel(e) === 'a.txt');
  assert.ok(a && a.kind === 'file' && a.size === 1 && a.mtimeMs > 0);
  // Deterministic: a second walk gives the same sequence.
  assert.deepEqual(await collect([root], { maxFileBytes: 2 * 1024 * 1024 }), entries);
});

test('walk: user excludes (*.log, build/, **/tmp/**)', async (t) => {
  const { base, root } = await tree();
  t.after(() => rm(base, { recursive: true, force: true }));
  const entries = await collect([root], { excludes: ['*.log', 'build/', '**/tmp/**'] });
  const files = entries.filter((e) => e.kind === 'file').map((e) => e.path.slice(root.length + 1));
  assert.deepEqual(files, ['a.txt', 'b.md', 'big.txt', 'notes.md.gz', 'docs/build.txt', 'sub/c.txt']);
});

test('walk: a missing root is reported, an unreadable folder is skipped and the walk goes on', async (t) => {
  const { base, root } = await tree();
  t.after(() => rm(base, { recursive: true, force: true }));
  const missing = await collect([join(base, 'nope')]);
  assert.deepEqual(
    missing.map((e) => e.kind === 'skipped' && e.reason),
    ['folder not found'],
  );
  if (process.getuid?.() === 0) return t.skip('root can read anything');
  const { chmod } = await import('node:fs/promises');
  await chmod(join(root, 'sub'), 0o000);
  t.after(() => chmod(join(root, 'sub'), 0o755));
  const entries = await collect([root]);
  const sub = entries.find((e) => e.path === join(root, 'sub'));
  assert.ok(sub && sub.kind === 'skipped' && sub.reason === 'permission denied');
  assert.ok(entries.some((e) => e.kind === 'file' && e.path === join(root, 'b.md')));
});

test('walk: honours an abort signal', async (t) => {
  const { base, root } = await tree();
  t.after(() => rm(base, { recursive: true, force: true }));
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(collect([root], { signal: ac.signal }), { name: 'AbortError' });
});

test('glob excludes', () => {
  const ex = compileExcludes(['*.log', 'build/', '**/tmp/**', 'docs/*.draft.md', 'cache?']);
  assert.equal(ex('a/b/x.log', false), true);
  assert.equal(ex('x.txt', false), false);
  assert.equal(ex('a/build', true), true);
  assert.equal(ex('a/build', false), false);
  assert.equal(ex('tmp', true), true);
  assert.equal(ex('a/tmp/x.txt', false), true);
  assert.equal(ex('a/tmpx/x.txt', false), false);
  assert.equal(ex('docs/a.draft.md', false), true);
  assert.equal(ex('other/docs/a.draft.md', false), false);
  assert.equal(ex('cache1', true), true);
});

test('format detection', () => {
  assert.equal(detectFormat('/x/Guide.MD'), 'markdown');
  assert.equal(detectFormat('/x/index.rst.txt'), 'rst');
  assert.equal(detectFormat('/x/a.htm'), 'html');
  assert.equal(detectFormat('/x/a.pdf'), 'pdf');
  assert.equal(detectFormat('/x/a.docx'), 'docx');
  assert.equal(detectFormat('/x/Makefile'), 'text');
  assert.equal(detectFormat('/x/Deck.PPTX'), 'pptx');
  assert.equal(detectFormat('/x/a.jpg'), 'image');
  assert.equal(detectFormat('/x/inbox.mbox'), 'mbox');
  assert.equal(isSupportedPath('/x/a.jpg'), true); // read by OCR
  assert.equal(isSupportedPath('/x/a.mp4'), false);
  assert.equal(isSupportedPath('/x/a.xls'), false); // legacy binary Office
  assert.equal(isSupportedPath('/x/a.py'), true);
  // a compressed document is read as the file it holds; a compressed archive, manual page or PDF is not
  assert.equal(detectFormat('/x/guide.MD.gz'), 'markdown');
  assert.equal(detectFormat('/x/README.gz'), 'text');
  assert.equal(detectFormat('/x/changelog.Debian.gz'), 'text');
  assert.equal(isSupportedPath('/x/guide.md.gz'), true);
  assert.equal(isSupportedPath('/x/README.gz'), true);
  assert.equal(isSupportedPath('/x/backup.tar.gz'), false);
  assert.equal(isSupportedPath('/x/backup.tgz'), false);
  assert.equal(isSupportedPath('/x/ls.1.gz'), false);
  assert.equal(isSupportedPath('/x/scan.pdf.gz'), false);
  // text whose text is drawing commands
  assert.equal(isSupportedPath('/x/manual.ps'), false);
  assert.equal(isSupportedPath('/x/figure.eps'), false);
  assert.equal(isSupportedPath('/x/diagram.svg'), false);
});
