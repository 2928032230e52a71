// LanceDB adapter. One table `chunks`; a file's chunks are replaced by one merge-insert commit, so a
// reader sees either the old or the new version of a file, never both. BM25 comes from LanceDB's
// full-text index; an IVF-PQ index is built once the table is large enough to need one.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import { faultPoint } from '../fault.js';
import { WordCounts, type Vocabulary } from '../search/spelling.js';
import type { ChunkHit, StoredChunk, VectorStore } from './vector-store.js';
import { readWords, savedAt, writeWords } from './words-file.js';

const TABLE = 'chunks';
export const ANN_THRESHOLD = Number(process.env['PARASCOPE_ANN_THRESHOLD'] ?? 200_000);

/**
 * Query-time ANN settings. PQ codes alone lose recall, so the top `limit × refineFactor` candidates
 * are re-scored with the full vectors; with these values bench/lance.ts measures recall@10 against
 * brute force (docs/performance.md): at 1M rows refine 20 reached 0.92, refine 50 reaches 1.00 at ×59 the speed.
 */
export const ANN_SEARCH = { kind: 'IVF-PQ', nprobes: 32, refineFactor: 50 } as const;

/** IVF-PQ sized to the table: √rows partitions, 8 dims per PQ sub-vector. */
export function annIndexConfig(rows: number, dim: number): lancedb.Index {
  return lancedb.Index.ivfPq({
    distanceType: 'cosine',
    numPartitions: Math.max(1, Math.round(Math.sqrt(rows))),
    numSubVectors: dim % 8 === 0 ? dim / 8 : dim % 4 === 0 ? dim / 4 : 1,
  });
}

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function schema(dim: number): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('path', new Utf8(), false),
    new Field('root', new Utf8(), false),
    new Field('hash', new Utf8(), false),
    new Field('mtime', new Float64(), false),
    new Field('text', new Utf8(), false),
    new Field('heading', new Utf8(), false),
    new Field('page', new Int32(), true),
    new Field('line', new Int32(), true),
    new Field('start', new Int32(), false),
    new Field('end', new Int32(), false),
    new Field('ordinal', new Int32(), false),
    new Field('vector', new FixedSizeList(dim, new Field('item', new Float32(), true)), false),
  ]);
}

const COLUMNS = ['id', 'path', 'root', 'hash', 'mtime', 'text', 'heading', 'page', 'line', 'start', 'end', 'ordinal'];

function toHit(r: Record<string, unknown>, score: number): ChunkHit {
  return {
    id: String(r['id']),
    path: String(r['path']),
    root: String(r['root']),
    hash: String(r['hash']),
    mtime: Number(r['mtime']),
    text: String(r['text']),
    heading: String(r['heading'] ?? ''),
    page: r['page'] == null ? null : Number(r['page']),
    line: r['line'] == null ? null : Number(r['line']),
    start: Number(r['start']),
    end: Number(r['end']),
    ordinal: Number(r['ordinal']),
    score,
  };
}

function inList(column: string, values: string[]): string {
  return `${column} IN (${values.map(sqlString).join(', ')})`;
}

export class LanceStore implements VectorStore {
  private ftsDirty = true;
  /**
   * The words of the table, exact at `version` (another process may write the table, so the version is the key).
   * This process's own writes keep them up to date commit by commit (see changeText), so no question after an index
   * run reads the whole table's text; `optimize` saves them beside the table for the next process.
   */
  private words: { version: number; counts: WordCounts } | null = null;
  /** A read of the words in progress (one at a time, shared by the questions waiting for it). */
  private wordsRead: { version: number; counts: Promise<WordCounts> } | null = null;
  /** Text commits of this process in flight: questions meanwhile take the words as they are. */
  private writing = 0;
  private commits: Promise<unknown> = Promise.resolve();
  /** Whether this process has changed the text since it opened the table, and the version it last saved words at. */
  private textChanged = false;
  private savedAt = -1;
  /** How many times this store has read every passage's text for the words (tests and the bench watch it). */
  wordScans = 0;

  private constructor(
    private readonly db: lancedb.Connection,
    private readonly table: lancedb.Table,
    readonly dim: number,
    private readonly wordsPath: string,
  ) {}

  static async open(dir: string, dim: number): Promise<LanceStore> {
    // readConsistencyInterval 0: every read sees the latest commit, also one made by another process (CLI + app)
    const db = await lancedb.connect(dir, { readConsistencyInterval: 0 });
    const names = await db.tableNames();
    const table = names.includes(TABLE)
      ? await db.openTable(TABLE)
      : await db.createEmptyTable(TABLE, schema(dim), { mode: 'create', existOk: true });
    const store = new LanceStore(db, table, dim, join(dir, `${TABLE}.words.json`));
    store.ftsDirty = !(await store.hasIndexOn('text'));
    return store;
  }

  private async hasIndexOn(column: string): Promise<boolean> {
    const indices = await this.table.listIndices();
    return indices.some((i) => i.columns.includes(column));
  }

  async replaceFiles(paths: string[], rows: StoredChunk[], fresh: boolean): Promise<void> {
    const data = rows.map((r) => ({ ...r, vector: Array.from(r.vector) }));
    // `fresh` comes from the catalog, which can lag the table (a crash between this commit and the catalog
    // save, or a damaged catalog set aside): appending would then duplicate rows, so check first.
    if (fresh && data.length && (await this.hasRowsFor(paths))) fresh = false;
    if (!data.length) {
      if (!fresh) await this.deletePaths(paths);
      return;
    }
    const added = rows.map((r) => r.text);
    if (fresh) {
      // files never indexed before: a plain append is one commit and far cheaper than a merge
      await this.changeText(null, added, () => this.table.add(data));
    } else {
      const builder = this.table
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .whenNotMatchedBySourceDelete({ where: inList('path', paths) });
      await this.changeText(inList('path', paths), added, () => builder.execute(data));
    }
    this.ftsDirty = true;
  }

  /**
   * One commit that changes the text: the rows matching `leaving` (SQL) go, `added` texts come. When the words were
   * exact just before and the commit is the only one since (version + 1), they are carried over to the new version;
   * otherwise they are dropped and read again when a question needs them.
   */
  private changeText(leaving: string | null, added: readonly string[], commit: () => Promise<unknown>): Promise<void> {
    return this.exclusive(() => this.changeTextNow(leaving, added, commit));
  }

  /**
   * This process's commits one at a time (text, indices, compaction), so that each can tell from the version
   * whether it was the only commit since it looked: a question's index rebuild during an index run would otherwise
   * land between a write's two looks and cost the words.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.commits.then(work, work);
    this.commits = run.catch(() => undefined);
    return run;
  }

  private async changeTextNow(leaving: string | null, added: readonly string[], commit: () => Promise<unknown>): Promise<void> {
    this.writing++;
    this.textChanged = true;
    try {
      await this.table.checkoutLatest();
      const before = await this.table.version();
      const counts = await this.currentWords(before);
      // every row leaving ('true', a clear) needs no read: the words all go
      const gone = counts && leaving && leaving !== 'true' ? await this.textsWhere(leaving) : [];
      await commit();
      await this.table.checkoutLatest();
      const after = await this.table.version();
      if (!counts || after !== before + 1) {
        this.words = null;
        return;
      }
      if (leaving === 'true') counts.clear();
      for (const t of gone) counts.remove(t);
      for (const t of added) counts.add(t);
      this.words = counts.drifted ? null : { version: after, counts };
    } catch (err) {
      this.words = null;
      throw err;
    } finally {
      this.writing--;
    }
  }

  /** The words exact at `version` if this process has them, or the saved ones are: never a read of the whole table. */
  private async currentWords(version: number): Promise<WordCounts | null> {
    if (this.words?.version === version) return this.words.counts;
    const rows = await this.table.countRows();
    const counts = rows === 0 ? new WordCounts() : await readWords(this.wordsPath, version, rows);
    this.words = counts ? { version, counts } : null;
    return counts;
  }

  private async textsWhere(where: string): Promise<string[]> {
    const out: string[] = [];
    for await (const batch of this.table.query().where(where).select(['text'])) {
      const text = batch.getChild('text');
      for (let i = 0; i < batch.numRows; i++) out.push(String(text?.get(i) ?? ''));
    }
    return out;
  }

  private async hasRowsFor(paths: string[]): Promise<boolean> {
    for (let i = 0; i < paths.length; i += 500) {
      if ((await this.table.countRows(inList('path', paths.slice(i, i + 500)))) > 0) return true;
    }
    return false;
  }

  async deletePaths(paths: string[]): Promise<void> {
    for (let i = 0; i < paths.length; i += 500) {
      const where = inList('path', paths.slice(i, i + 500));
      await this.changeText(where, [], () => this.table.delete(where));
    }
    this.ftsDirty = true;
  }

  async clear(): Promise<void> {
    await this.changeText('true', [], () => this.table.delete('true'));
    this.ftsDirty = true;
  }

  async rowsByPath(): Promise<Map<string, string[]>> {
    await this.table.checkoutLatest();
    const out = new Map<string, string[]>();
    // page through the table: one Arrow batch of every id would be as large as the table's text
    for await (const batch of this.table.query().select(['id', 'path'])) {
      const ids = batch.getChild('id');
      const paths = batch.getChild('path');
      for (let i = 0; i < batch.numRows; i++) {
        const path = String(paths?.get(i));
        const list = out.get(path);
        if (list) list.push(String(ids?.get(i)));
        else out.set(path, [String(ids?.get(i))]);
      }
    }
    return out;
  }

  async fileChunks(path: string): Promise<Array<Omit<ChunkHit, 'score'>>> {
    await this.table.checkoutLatest();
    const rows = await this.table
      .query()
      .where(`path = ${sqlString(path)}`)
      .select(COLUMNS)
      .toArray();
    return rows
      .map((r: Record<string, unknown>) => {
        const { score: _score, ...hit } = toHit(r, 0);
        return hit;
      })
      .sort((a, b) => a.ordinal - b.ordinal);
  }

  async vectorDim(): Promise<number | null> {
    const field = (await this.table.schema()).fields.find((f) => f.name === 'vector');
    const type = field?.type as { listSize?: number } | undefined;
    return typeof type?.listSize === 'number' ? type.listSize : null;
  }

  async purge(): Promise<void> {
    // the full-text index holds the words of deleted rows until it is rebuilt
    await this.optimize();
    faultPoint('purge:indices-rebuilt');
    await this.exclusive(async () => {
      // compaction rewrites fragments without the deleted rows; cleanup drops every older version's files
      await this.table.checkoutLatest();
      const before = await this.table.version();
      await this.table.optimize({ cleanupOlderThan: new Date(Date.now() + 1000), deleteUnverified: true });
      // one commit where there was something to compact (more: another process's too, and the words are read again)
      await this.settleWords(before, (await this.table.version()) === before ? 0 : 1);
    });
  }

  async count(): Promise<number> {
    await this.table.checkoutLatest();
    return this.table.countRows();
  }

  async searchDense(vector: Float32Array, k: number): Promise<ChunkHit[]> {
    const rows = await this.table
      .vectorSearch(Array.from(vector))
      .distanceType('cosine')
      .nprobes(ANN_SEARCH.nprobes)
      .refineFactor(ANN_SEARCH.refineFactor)
      .select([...COLUMNS, '_distance'])
      .limit(k)
      .toArray();
    return rows.map((r: Record<string, unknown>) => toHit(r, 1 - Number(r['_distance'])));
  }

  async searchLexical(query: string, k: number, fuzziness = 0): Promise<ChunkHit[]> {
    // the query parser treats some punctuation as syntax: search words only
    const words = query.match(/[\p{L}\p{N}_]+/gu)?.join(' ') ?? '';
    if (!words) return [];
    if (this.ftsDirty) await this.optimize();
    // a fuzzy match keeps each word's first letter: people rarely mistype it, and it bounds the expansion
    const q = fuzziness > 0 ? new lancedb.MatchQuery(words, 'text', { fuzziness, prefixLength: 1, maxExpansions: 50 }) : words;
    const rows = await this.table
      .query()
      .fullTextSearch(q, { columns: ['text'] })
      .select([...COLUMNS, '_score'])
      .limit(k)
      .toArray();
    return rows.map((r: Record<string, unknown>) => toHit(r, Number(r['_score'] ?? 0)));
  }

  async vocabulary(): Promise<Vocabulary> {
    // the full-text index is rebuilt first: that is a commit of its own, which would make this version stale at once
    if (this.ftsDirty) await this.optimize();
    // during this process's own commit, the words are a commit behind at most: good enough to correct a question
    if (this.writing && this.words) return this.words.counts;
    await this.table.checkoutLatest();
    const version = await this.table.version();
    return this.wordsAt(version);
  }

  private wordsAt(version: number): Promise<WordCounts> {
    if (this.words?.version === version) return Promise.resolve(this.words.counts);
    if (this.wordsRead?.version !== version) {
      const read = this.readAllWords(version);
      this.wordsRead = { version, counts: read };
      void read.then(
        () => this.wordsRead?.counts === read && (this.wordsRead = null),
        () => this.wordsRead?.counts === read && (this.wordsRead = null),
      );
    }
    return this.wordsRead.counts;
  }

  /** The words at `version`: the saved ones when exact, else a read of every passage's text (saved for next time). */
  private async readAllWords(version: number): Promise<WordCounts> {
    const saved = await this.currentWords(version);
    if (saved) return saved;
    const counts = new WordCounts();
    this.wordScans++;
    for await (const batch of this.table.query().select(['text'])) {
      const text = batch.getChild('text');
      for (let i = 0; i < batch.numRows; i++) counts.add(String(text?.get(i) ?? ''));
    }
    // the scan read the latest version: it is `version` only if nothing was committed meanwhile
    await this.table.checkoutLatest();
    if ((await this.table.version()) === version && !this.writing) {
      this.words = { version, counts };
      await writeWords(this.wordsPath, version, await this.table.countRows(), counts);
      this.savedAt = version;
    }
    return counts;
  }

  async cosines(ids: string[], vector: Float32Array): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!ids.length) return out;
    const qn = Math.hypot(...vector);
    const rows = await this.table.query().where(inList('id', ids)).select(['id', 'vector']).toArray();
    for (const r of rows as Array<{ id: string; vector: ArrayLike<number> | { toArray(): ArrayLike<number> } }>) {
      // an Arrow vector in a row object: indexing it gives undefined, toArray() the floats
      const v = 'toArray' in r.vector ? r.vector.toArray() : r.vector;
      let dot = 0;
      let vn = 0;
      for (let i = 0; i < vector.length; i++) {
        const x = Number(v[i] ?? 0);
        dot += x * vector[i]!;
        vn += x * x;
      }
      out.set(String(r.id), qn > 0 && vn > 0 ? dot / (qn * Math.sqrt(vn)) : 0);
    }
    return out;
  }

  optimize(): Promise<void> {
    return this.exclusive(() => this.optimizeNow());
  }

  private async optimizeNow(): Promise<void> {
    await this.table.checkoutLatest();
    const before = await this.table.version();
    let commits = 0;
    const rows = await this.table.countRows();
    if (rows === 0) {
      // an empty table keeps no full-text index: the old one still holds the words of the deleted rows
      for (const i of await this.table.listIndices()) {
        if (i.columns.includes('text')) await this.table.dropIndex(i.name).then(() => commits++);
      }
      this.ftsDirty = true;
    } else {
      if (this.ftsDirty || !(await this.hasIndexOn('text'))) {
        await this.table.createIndex('text', {
          config: lancedb.Index.fts({ withPosition: false, stem: true, removeStopWords: true, lowercase: true }),
          replace: true,
        });
        commits++;
        this.ftsDirty = false;
      }
      if (rows >= ANN_THRESHOLD && !(await this.hasIndexOn('vector'))) {
        await this.table.createIndex('vector', { config: annIndexConfig(rows, this.dim) });
        commits++;
      }
    }
    await this.settleWords(before, commits);
  }

  /**
   * After `commits` commits of this process that changed no text (indices, compaction): the words follow them when
   * nothing else committed meanwhile, and are saved for the next process. When this process changed the text but
   * lost track of the words (a commit of another process between two of its own, say), they are read again here,
   * at the end of the write, so that the next question need not.
   */
  private async settleWords(before: number, commits: number): Promise<void> {
    await this.table.checkoutLatest();
    const after = await this.table.version();
    if (this.words?.version === before && after === before + commits) this.words = { ...this.words, version: after };
    if (this.words?.version !== after) {
      this.words = null;
      // a read of every passage's text saves what it read; otherwise a stale save goes (a purge must not leave the
      // words of removed text on disk)
      if (this.textChanged) await this.wordsAt(after);
      else if (!(await savedAt(this.wordsPath, after, await this.table.countRows()))) await rm(this.wordsPath, { force: true });
      return;
    }
    if (this.savedAt === after) return;
    await writeWords(this.wordsPath, after, await this.table.countRows(), this.words.counts);
    this.savedAt = after;
  }

  async chunkIds(): Promise<string[]> {
    const rows = await this.table.query().select(['id']).toArray();
    return rows.map((r: Record<string, unknown>) => String(r['id']));
  }

  async close(): Promise<void> {
    this.table.close();
    this.db.close();
  }
}
