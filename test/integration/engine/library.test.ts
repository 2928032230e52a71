// The library as a set of files with folders as views (issue 13), on the real engine, models and LanceDB:
// overlapping folders never lose a passage, check finds and repairs what disagrees, remove really forgets,
// the data dir is private, typed paths expand, a cancelled add is visibly partial, openPath is strict.
import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ParascopeError } from '../../../src-main/common/errors.js';
import { Engine } from '../../../src-main/core/engine.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';
import { LanceStore } from '../../../src-main/core/store/lance-store.js';

const modelsDir = defaultModelsDir();
const UNIQUE = 'quorblefrax';

const DOCS: Record<string, string> = {
  'debian/apt.md': '# APT\n\nThe apt tool installs, upgrades and removes Debian packages from the configured archives.\n',
  'debian/dpkg.md': '# dpkg\n\nThe dpkg program unpacks a single .deb file and records which files it installed.\n',
  'git/commit.md': '# Commits\n\nA commit records a snapshot of the staged changes together with its author and message.\n',
  'git/undo.md': `# Undo\n\nTo undo the last commit but keep its changes, run git reset --soft HEAD~1. The ${UNIQUE} marker lives only here.\n`,
  'git/branch.md': '# Branches\n\nA branch is a movable pointer to a commit; git switch changes the branch you work on.\n',
};

let tmp: string;
let mydocs: string;
let other: string;

async function makeTree(): Promise<void> {
  for (const [rel, body] of Object.entries(DOCS)) {
    await mkdir(join(mydocs, rel, '..'), { recursive: true });
    await writeFile(join(mydocs, rel), body);
  }
  await mkdir(other, { recursive: true });
  await writeFile(join(other, 'tides.txt'), 'Tides rise and fall twice a day because of the pull of the moon.\n');
  await writeFile(join(mydocs, 'git', 'tool.exe'), 'MZ not a document');
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-library-'));
  mydocs = join(tmp, 'mydocs');
  other = join(tmp, 'other');
  await makeTree();
});
after(() => rm(tmp, { recursive: true, force: true }));

async function open(name: string): Promise<Engine> {
  return Engine.open({ dataDir: join(tmp, name), modelsDir, providers: ['cpu'] });
}

async function tableRows(dataDir: string): Promise<string[]> {
  const store = await LanceStore.open(join(dataDir, 'lancedb'), 384);
  try {
    return [...(await store.rowsByPath()).values()].flat();
  } finally {
    await store.close();
  }
}

/** status, per-folder counts and the table must agree. */
async function assertCountsAgree(engine: Engine, dataDir: string): Promise<void> {
  const s = await engine.status();
  const rows = await tableRows(dataDir);
  assert.equal(new Set(rows).size, rows.length, 'no duplicate rows');
  assert.equal(s.chunks, rows.length);
  assert.equal(
    s.folders.reduce((n, f) => n + f.chunks, 0),
    s.chunks,
    'folder cards add up to the header',
  );
  assert.equal(
    s.folders.reduce((n, f) => n + f.files, 0),
    s.files,
  );
}

async function askTop(engine: Engine, q: string): Promise<string> {
  const r = await engine.ask({ question: q, rerank: false, mode: 'lexical' });
  return r.passages[0]?.path ?? '';
}

describe('overlapping folders', () => {
  let engine: Engine;
  const dataDir = (): string => join(tmp, 'overlap');
  before(async () => {
    engine = await open('overlap');
  });
  after(() => engine.close());

  test('a folder inside an added one adds nothing and says so; removing it is refused and loses nothing', async () => {
    const first = await engine.addFolders({ paths: [mydocs] });
    assert.equal(first.indexed, 5);
    const before = (await engine.status()).chunks;
    const inner = await engine.addFolders({ paths: [join(mydocs, 'git')] });
    assert.deepEqual(inner.covered, [{ path: join(mydocs, 'git'), by: mydocs }]);
    assert.equal(inner.indexed + inner.chunks, 0, 'nothing re-embedded');
    assert.deepEqual(
      (await engine.status()).folders.map((f) => f.path),
      [mydocs],
    );
    await assert.rejects(engine.removeFolder({ path: join(mydocs, 'git') }), (e: ParascopeError) => e.code === 'NOT_FOUND');
    assert.equal((await engine.status()).chunks, before);
    assert.match(await askTop(engine, 'undo the last commit'), /undo\.md$/);
    await assertCountsAgree(engine, dataDir());
  });

  test('a parent absorbs an added child without re-embedding it; removing a sibling keeps the rest', async () => {
    await engine.removeFolder({ path: mydocs });
    assert.equal((await engine.status()).chunks, 0);
    const child = await engine.addFolders({ paths: [join(mydocs, 'git')] });
    assert.equal(child.indexed, 3);
    await engine.addFolders({ paths: [other] });
    const parent = await engine.addFolders({ paths: [mydocs] });
    assert.deepEqual(parent.absorbed, [{ path: join(mydocs, 'git'), into: mydocs }]);
    assert.equal(parent.indexed, 2, 'only the two debian files are new');
    assert.equal(parent.unchanged, 3, 'the git files are kept, not re-embedded');
    assert.deepEqual((await engine.status()).folders.map((f) => f.path).sort(), [mydocs, other].sort());
    await assertCountsAgree(engine, dataDir());

    await engine.removeFolder({ path: other });
    assert.match(await askTop(engine, 'undo the last commit'), /undo\.md$/);
    assert.match(await askTop(engine, 'dpkg unpacks a deb file'), /dpkg\.md$/);
    await assertCountsAgree(engine, dataDir());
  });
});

describe('check and repair', () => {
  let engine: Engine;
  const dataDir = (): string => join(tmp, 'check');
  before(async () => {
    engine = await open('check');
    await engine.addFolders({ paths: [mydocs, other] });
  });
  after(() => engine.close());

  test('a consistent library has nothing to repair', async () => {
    const r = await engine.check();
    assert.deepEqual(
      { ...r, reindexed: 0 },
      { orphanRows: 0, duplicateRows: 0, mismatchedFiles: 0, droppedRecords: 0, rebuilt: false, reindexed: 0 },
    );
  });

  test('lost rows, duplicated rows and orphan rows are found and repaired', async () => {
    const expected = (await tableRows(dataDir())).sort();
    const store = await LanceStore.open(join(dataDir(), 'lancedb'), 384);
    try {
      await store.deletePaths([join(mydocs, 'git', 'undo.md')]); // what the old remove did to a covered file
      const rows = await (
        await import('@lancedb/lancedb')
      )
        .connect(join(dataDir(), 'lancedb'))
        .then((db) => db.openTable('chunks'));
      const copy = await rows
        .query()
        .where(`path = '${join(mydocs, 'debian', 'apt.md')}'`)
        .toArray();
      await rows.add(copy.map((r: Record<string, unknown>) => ({ ...r, vector: Array.from(r['vector'] as Iterable<number>) })));
      const orphan = await rows
        .query()
        .where(`path = '${join(other, 'tides.txt')}'`)
        .toArray();
      await rows.add(
        orphan.map((r: Record<string, unknown>) => ({
          ...r,
          id: 'orphan-1',
          path: join(tmp, 'gone', 'x.txt'),
          vector: Array.from(r['vector'] as Iterable<number>),
        })),
      );
    } finally {
      await store.close();
    }
    const r = await engine.check();
    assert.equal(r.mismatchedFiles, 2, 'undo.md (rows lost) and apt.md (rows duplicated)');
    assert.equal(r.duplicateRows, 1);
    assert.equal(r.orphanRows, 1);
    assert.equal(r.reindexed, 2);
    assert.deepEqual((await tableRows(dataDir())).sort(), expected, 'the same chunk ids as before the damage');
    const again = await engine.check();
    assert.equal(again.mismatchedFiles + again.orphanRows + again.duplicateRows, 0);
    await assertCountsAgree(engine, dataDir());
  });

  test('a catalog of the old format with a nested folder is migrated and its lost passages come back', async () => {
    await engine.close();
    const path = join(dataDir(), 'catalog.json');
    const v2 = JSON.parse(await readFile(path, 'utf8'));
    const folder = (prefix: string) => Object.fromEntries(Object.entries(v2.files).filter(([p]) => p.startsWith(prefix + '/')));
    const v1 = {
      version: 1,
      identity: v2.identity,
      folders: {
        [mydocs]: { addedAt: 'x', lastIndexedAt: 'x', files: folder(mydocs) },
        [join(mydocs, 'git')]: { addedAt: 'x', lastIndexedAt: 'x', files: folder(join(mydocs, 'git')) },
        [other]: { addedAt: 'x', lastIndexedAt: 'x', files: folder(other) },
      },
    };
    await writeFile(path, JSON.stringify(v1));
    const store = await LanceStore.open(join(dataDir(), 'lancedb'), 384);
    await store.deletePaths(Object.keys(folder(join(mydocs, 'git')))); // the bug: removing git/ took mydocs' rows
    await store.close();
    engine = await open('check');
    const summary = await engine.reindex({ path: mydocs });
    assert.equal(summary.repaired?.mismatchedFiles, 3);
    assert.deepEqual((await engine.status()).folders.map((f) => f.path).sort(), [mydocs, other].sort());
    assert.match(await askTop(engine, 'undo the last commit'), /undo\.md$/);
    await assertCountsAgree(engine, dataDir());
  });
});

async function grepDir(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  const bytes = Buffer.from(needle);
  const walk = async (d: string): Promise<void> => {
    for (const name of await readdir(d)) {
      const p = join(d, name);
      const st = await lstat(p);
      if (st.isDirectory()) await walk(p);
      else if (st.isFile() && (await readFile(p)).includes(bytes)) hits.push(p.slice(dir.length + 1));
    }
  };
  await walk(dir);
  return hits;
}

test('remove really forgets: the removed text is nowhere in the data dir', async () => {
  const engine = await open('purge');
  const dataDir = join(tmp, 'purge');
  try {
    await engine.addFolders({ paths: [join(mydocs, 'git')] });
    await engine.addFolders({ paths: [other] });
    assert.ok((await grepDir(dataDir, UNIQUE)).length > 0, 'the unique string is in the table before the remove');
    const r = await engine.removeFolder({ path: join(mydocs, 'git') });
    assert.deepEqual(r, { removed: 3, files: 3 });
    assert.deepEqual(await grepDir(dataDir, UNIQUE), []);
    assert.match(await askTop(engine, 'tides and the moon'), /tides\.txt$/, 'the other folder still answers');
  } finally {
    await engine.close();
  }
});

test('the data dir is private: folders 0700, files 0600', { skip: process.platform === 'win32' }, async () => {
  const dataDir = join(tmp, 'private');
  await mkdir(dataDir, { mode: 0o755 });
  await writeFile(join(dataDir, 'settings.json'), '{}', { mode: 0o644 });
  const engine = await open('private');
  try {
    await engine.addFolders({ paths: [other] });
    await engine.setSettings({ candidates: 25 });
  } finally {
    await engine.close();
  }
  const loose: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const st = await stat(d);
    if ((st.mode & 0o077) !== 0) loose.push(`${d.slice(dataDir.length) || '/'} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const n of await readdir(d)) await walk(join(d, n));
  };
  await walk(dataDir);
  assert.deepEqual(loose, []);
  assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
  assert.equal((await stat(join(dataDir, 'catalog.json'))).mode & 0o777, 0o600);
});

test('paths as people type them: ~ is the home folder, a relative path is relative to it', async () => {
  const home = process.env['HOME'];
  process.env['HOME'] = tmp;
  const engine = await open('typed');
  try {
    const a = await engine.addFolders({ paths: ['~/other'] });
    assert.deepEqual(a.roots, [other]);
    const b = await engine.addFolders({ paths: ['mydocs/git'] });
    assert.deepEqual(b.roots, [join(mydocs, 'git')]);
    await engine.removeFolder({ path: '~/mydocs/git' });
    assert.deepEqual(
      (await engine.status()).folders.map((f) => f.path),
      [other],
    );
  } finally {
    process.env['HOME'] = home;
    await engine.close();
  }
});

test('a cancelled add leaves the folder marked partly indexed; Re-index resumes and clears it', async () => {
  const many = join(tmp, 'many');
  await mkdir(many, { recursive: true });
  for (let i = 0; i < 60; i++)
    await writeFile(
      join(many, `note-${String(i).padStart(2, '0')}.txt`),
      `Note ${i} about harbours and their lights.\n\n${'Filler words. '.repeat(40)}\n`,
    );
  const engine = await open('cancel');
  try {
    let cancelled = false;
    engine.on('progress', (p) => {
      if (!cancelled && p.phase === 'indexing' && p.filesDone >= 5) {
        cancelled = true;
        void engine.cancelIndex();
      }
    });
    const s = await engine.addFolders({ paths: [many] });
    assert.equal(s.cancelled, true);
    const folder = (await engine.status()).folders[0]!;
    assert.equal(folder.partial, true);
    assert.ok(folder.files < 60);
    const resumed = await engine.reindex({ path: many });
    assert.equal(resumed.cancelled, false);
    assert.ok(resumed.unchanged > 0, 'what was indexed before the cancel is kept');
    const done = (await engine.status()).folders[0]!;
    assert.equal(done.partial, false);
    assert.equal(done.files, 60);
  } finally {
    await engine.close();
  }
});

test('openPath resolves only indexed documents of the current library, with one answer for every refusal', async () => {
  const engine = await open('open');
  const cli = await open('open');
  try {
    await engine.addFolders({ paths: [mydocs] });
    const ok = join(mydocs, 'git', 'undo.md');
    assert.equal(await engine.resolveUserPath(ok), ok);
    const refusals = [
      join(mydocs, 'git', 'tool.exe'),
      join(mydocs, 'nope.md'),
      '/etc/passwd',
      '/no/such/file',
      join(mydocs, '..', 'other', 'tides.txt'),
    ];
    const messages = new Set<string>();
    for (const p of refusals) {
      await assert.rejects(engine.resolveUserPath(p), (e: ParascopeError) => {
        messages.add(`${e.code}: ${e.message}`);
        return e.code === 'FORBIDDEN';
      });
    }
    assert.equal(messages.size, 1, [...messages].join(' | '));
    assert.doesNotMatch([...messages][0]!, /\//, 'no path in the message');
    await cli.removeFolder({ path: mydocs }); // another process (the CLI) removes the folder
    await assert.rejects(engine.resolveUserPath(ok), (e: ParascopeError) => e.code === 'FORBIDDEN');
  } finally {
    await cli.close();
    await engine.close();
  }
});

test('an invalid exclude pattern is refused with a sentence; one saved before validation breaks nothing', async () => {
  const dataDir = join(tmp, 'excludes');
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ excludes: ['[z-a]', '*.exe'] }));
  const engine = await open('excludes');
  try {
    await assert.rejects(
      engine.setSettings({ excludes: ['*.log', '[z-a]'] }),
      (e: ParascopeError) => e.code === 'BAD_REQUEST' && /\[z-a\]/.test(e.message),
    );
    assert.deepEqual((await engine.getSettings()).excludes, ['[z-a]', '*.exe'], 'nothing saved by the refused call');
    const s = await engine.addFolders({ paths: [other] });
    assert.equal(s.indexed, 1);
    const t0 = performance.now();
    await engine.setSettings({ excludes: ['*a*a*a*a*a*a*a*a*a*a*c'] });
    await engine.reindex({ path: other });
    assert.ok(performance.now() - t0 < 5000, 'a pathological pattern does not stall the walk');
  } finally {
    await engine.close();
  }
});

test('settings offer the installed models, refuse a made-up one with a sentence, and the window can rebuild the index', async () => {
  const engine = await open('models');
  try {
    const models = await engine.listModels();
    assert.deepEqual(models, { embedding: ['all-MiniLM-L6-v2'], reranker: ['parascope-reranker-minilm'] });
    await assert.rejects(
      engine.setSettings({ embeddingModel: 'all-MiniLM-L12-v9' }),
      (e: ParascopeError) =>
        e.code === 'BAD_REQUEST' &&
        e.message === 'There is no embedding model named "all-MiniLM-L12-v9"; choose one of: all-MiniLM-L6-v2.',
    );
    await assert.rejects(engine.setSettings({ rerankerModel: 'all-MiniLM-L6-v2' }), (e: ParascopeError) =>
      /is an embedding model, not a re-ranking model/.test(e.message),
    );
    assert.equal((await engine.getSettings()).embeddingModel, 'all-MiniLM-L6-v2', 'nothing saved by a refused call');
    await assert.rejects(engine.rebuildIndex({}), (e: ParascopeError) => e.code === 'NO_INDEX');
    await engine.addFolders({ paths: [other] });
    const rebuilt = await engine.rebuildIndex({});
    assert.equal(rebuilt.indexed, 1, 'every file is embedded again');
    // a rebuild of one folder (parascope index FOLDER --rebuild) starts that folder over and keeps the others
    const docs = await engine.addFolders({ paths: [mydocs] });
    const rows = (await tableRows(join(tmp, 'models'))).length;
    const one = await engine.index([other], { rebuild: true });
    assert.equal(one.indexed, 1);
    assert.equal((await tableRows(join(tmp, 'models'))).length, rows, `${docs.chunks} chunks of the other folder kept`);
  } finally {
    await engine.close();
  }
});
