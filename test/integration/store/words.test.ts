// The library's words (spelling correction's dictionary) follow every write of the store without a read of the whole
// table, are saved beside it for the next process, and are never taken from a save that another commit made stale.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as lancedb from '@lancedb/lancedb';
import { buildVocabulary } from '../../../src-main/core/search/spelling.js';
import { LanceStore } from '../../../src-main/core/store/lance-store.js';
import { LibraryWords, type WordSource } from '../../../src-main/core/store/library-words.js';
import type { StoredChunk } from '../../../src-main/core/store/vector-store.js';

const DIM = 8;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parascope-words-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function rows(path: string, texts: string[]): StoredChunk[] {
  return texts.map((text, ordinal) => ({
    id: `${path}#${ordinal}`,
    path,
    text,
    heading: '',
    page: null,
    line: null,
    start: 0,
    end: text.length,
    ordinal,
    root: '/lib',
    hash: 'h',
    mtime: 0,
    vector: Float32Array.from({ length: DIM }, (_, i) => (i === ordinal % DIM ? 1 : 0.1)),
  }));
}

/** The words as they are, straight from the table's rows. */
async function scanned(store: LanceStore): Promise<Map<string, number>> {
  const texts = [...(await store.rowsByPath()).values()].flat();
  const all = await Promise.all(
    texts.map(async (id) => (await store.fileChunks(id.split('#')[0]!)).find((c) => c.id === id)!.text),
  );
  return buildVocabulary(all).words;
}

/** A library written and optimized by one process that then ends, as an index run does; the save's path. */
async function indexedBy(at: string, files: Record<string, string[]>): Promise<string> {
  const store = await LanceStore.open(at, DIM);
  try {
    for (const [path, texts] of Object.entries(files)) await store.replaceFiles([path], rows(path, texts), true);
    await store.optimize();
  } finally {
    await store.close();
  }
  return join(at, 'chunks.words.json');
}

/** Another writer commits behind the store's back (an older Parascope, a raw LanceDB handle). */
async function behindItsBack(at: string, change: (t: lancedb.Table) => Promise<unknown>): Promise<void> {
  const raw = await (await lancedb.connect(at)).openTable('chunks');
  try {
    await change(raw);
  } finally {
    raw.close();
  }
}

const sorted = (m: ReadonlyMap<string, number>): Array<[string, number]> => [...m].sort(([a], [b]) => a.localeCompare(b));

test('the words follow appends, merges, deletes and a clear without reading the table again', async () => {
  const store = await LanceStore.open(join(dir, 'a'), DIM);
  try {
    await store.replaceFiles(
      ['/lib/tides.txt'],
      rows('/lib/tides.txt', ['The lighthouse keeper logs the tides.', 'Tides turn twice daily.']),
      true,
    );
    await store.replaceFiles(['/lib/git.md'], rows('/lib/git.md', ['Undo the last commit with git reset.']), true);
    await store.optimize();
    assert.deepEqual(sorted((await store.vocabulary()).words), sorted(await scanned(store)));
    // a changed file: one paragraph goes ("daily", "twice"), one comes ("moon")
    await store.replaceFiles(
      ['/lib/tides.txt'],
      rows('/lib/tides.txt', ['The lighthouse keeper logs the tides.', 'The moon pulls the tides.']),
      false,
    );
    await store.deletePaths(['/lib/git.md']);
    await store.optimize();
    const words = (await store.vocabulary()).words;
    assert.deepEqual(sorted(words), sorted(await scanned(store)));
    assert.equal(words.get('moon'), 1);
    assert.equal(words.get('tides'), 2);
    assert.ok(!words.has('daily') && !words.has('commit'), 'the words of the text that went are gone');
    await store.clear();
    assert.equal((await store.vocabulary()).words.size, 0);
    assert.equal(store.wordScans, 0, 'nothing was read back: the writes kept the words');
  } finally {
    await store.close();
  }
});

test('questions during an index run (each rebuilding the full-text index) neither read the table nor lose the words', async () => {
  const store = await LanceStore.open(join(dir, 'e'), DIM);
  try {
    const run = (async () => {
      for (let i = 0; i < 6; i++) {
        await store.replaceFiles([`/lib/f${i}.txt`], rows(`/lib/f${i}.txt`, [`Passage ${i} about tides, word${i}.`]), true);
      }
      await store.replaceFiles(['/lib/f0.txt'], rows('/lib/f0.txt', ['Passage zero, changed: moonrise.']), false);
      await store.optimize();
    })();
    const asked: Promise<unknown>[] = [];
    for (let i = 0; i < 8; i++) {
      asked.push(store.vocabulary(), store.searchLexical('tides', 5));
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all([run, ...asked]);
    const words = (await store.vocabulary()).words;
    assert.deepEqual(sorted(words), sorted(await scanned(store)));
    assert.equal(words.get('moonrise'), 1);
    assert.ok(!words.has('word0'));
    assert.equal(store.wordScans, 0);
  } finally {
    await store.close();
  }
});

test('the next process takes the saved words while they are current, and reads the table once they are stale', async () => {
  const at = join(dir, 'b');
  const path = await indexedBy(at, { '/lib/tides.txt': ['The lighthouse keeper logs the tides.'] });
  const saved = JSON.parse(await readFile(path, 'utf8')) as {
    version: number;
    words: string[];
    counts: number[];
    stems: string[];
  };
  // a word no passage holds, planted in the save: seeing it proves the words came from the file
  await writeFile(
    path,
    JSON.stringify({
      ...saved,
      words: [...saved.words, 'planted'],
      counts: [...saved.counts, 1],
      stems: [...saved.stems, 'plant'],
    }),
  );

  const second = await LanceStore.open(at, DIM);
  try {
    assert.equal((await second.vocabulary()).words.get('planted'), 1);
    assert.equal(second.wordScans, 0);
    // a commit behind the store's back makes the save stale
    await behindItsBack(at, (t) =>
      t.add(rows('/lib/moon.txt', ['The moon pulls the water.']).map((r) => ({ ...r, vector: Array.from(r.vector) }))),
    );
    const words = (await second.vocabulary()).words;
    assert.equal(second.wordScans, 1);
    assert.ok(!words.has('planted'), 'the stale save was not used');
    assert.equal(words.get('moon'), 1);
  } finally {
    await second.close();
  }
  // what that read found was saved in turn: a third process reads nothing, and its index run that changed nothing
  // keeps the save for the next
  for (const n of [3, 4]) {
    const next = await LanceStore.open(at, DIM);
    try {
      if (n === 3) await next.optimize();
      assert.equal((await next.vocabulary()).words.get('moon'), 1);
      assert.equal(next.wordScans, 0, `process ${n}`);
    } finally {
      await next.close();
    }
  }
});

test("a purge leaves no save holding removed text's words", async () => {
  const at = join(dir, 'd');
  const path = await indexedBy(at, { '/lib/a.txt': ['The quorblefrax is private.'], '/lib/b.txt': ['The tides turn.'] });
  assert.match(await readFile(path, 'utf8'), /quorblefrax/);
  // the rows go behind the store's back; a later process only purges
  await behindItsBack(at, (t) => t.delete(`path = '/lib/a.txt'`));
  const second = await LanceStore.open(at, DIM);
  try {
    await second.purge();
  } finally {
    await second.close();
  }
  const left = await readFile(path, 'utf8').catch(() => '');
  assert.doesNotMatch(left, /quorblefrax/);
});

test('a damaged save is passed over', async () => {
  const at = join(dir, 'c');
  const path = await indexedBy(at, { '/lib/tides.txt': ['The lighthouse keeper logs the tides.'] });
  const raw = await readFile(path, 'utf8');
  await writeFile(path, raw.slice(0, raw.length / 2));
  const again = await LanceStore.open(at, DIM);
  try {
    assert.equal((await again.vocabulary()).words.get('lighthouse'), 1);
    assert.equal(again.wordScans, 1);
  } finally {
    await again.close();
  }
});

test('a question between an index commit and the end of its write takes the words as they were, and reads nothing', async () => {
  // the table as the words see it: a version, rows and their text; an index commit moves only the version
  const texts = ['Tides rise twice a day.'];
  let version = 1;
  const table: WordSource = {
    version: async () => version,
    rows: async () => texts.length,
    texts: async function* () {
      yield* texts;
    },
  };
  const words = new LibraryWords(table, join(dir, 'race-words.json'));
  const kept = await words.current(); // read once, kept at version 1
  assert.equal(words.scans, 1);
  await words.during(async () => {
    version++; // the full-text index commit: the words are unchanged, `settle` has not yet moved them to version 2
    assert.equal(await words.current(), kept, 'the words of version 1, not a read of version 2');
    await words.settle(1, 1);
  });
  assert.equal(words.scans, 1, 'no question read the whole table');
  assert.equal((await words.current()).words.get('tides'), 1);
  assert.equal(words.scans, 1, 'kept at version 2 by the write');
});
