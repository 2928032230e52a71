// LanceDB adapter. One table `chunks` (its layout: lance-table.ts); a file's chunks are replaced by one merge-insert
// commit, so a reader sees either the old or the new version of a file, never both. BM25 comes from LanceDB's
// full-text index; an IVF-PQ index is built once the table is large enough to need one. The library's words, for
// spelling correction, follow every commit (library-words.ts).
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { faultPoint } from '../fault.js';
import type { Vocabulary } from '../search/spelling.js';
import type { ChunkHit, StoredChunk, VectorStore } from './vector-store.js';
import { LibraryWords } from './library-words.js';
import { ANN_SEARCH, ANN_THRESHOLD, annIndexConfig, COLUMNS, inList, schema, sqlString, TABLE, toHit } from './lance-table.js';

export class LanceStore implements VectorStore {
  private ftsDirty = true;
  /** This process's commits, one at a time (see exclusive). */
  private commits: Promise<unknown> = Promise.resolve();
  /** The library's words, kept by this store's commits (library-words.ts). */
  private readonly words: LibraryWords;

  private constructor(
    private readonly db: lancedb.Connection,
    private readonly table: lancedb.Table,
    readonly dim: number,
    wordsPath: string,
  ) {
    this.words = new LibraryWords(
      {
        version: async () => {
          await table.checkoutLatest();
          return table.version();
        },
        rows: () => table.countRows(),
        texts: (where) => this.texts(where),
      },
      wordsPath,
    );
  }

  /** How many times the words were read from every passage's text (tests and the bench watch it). */
  get wordScans(): number {
    return this.words.scans;
  }

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

  /** One commit that changes the text (the rows matching `leaving` go, `added` come); the words follow it. */
  private changeText(leaving: string | null, added: readonly string[], commit: () => Promise<unknown>): Promise<void> {
    return this.exclusive(() => this.words.change(leaving, added, commit));
  }

  /**
   * This process's commits one at a time (text, indices, compaction), so that each can tell from the version
   * whether it was the only commit since it looked: a question's index rebuild during an index run would otherwise
   * land between a write's two looks and cost the words.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const write = (): Promise<T> => this.words.during(work);
    const run = this.commits.then(write, write);
    this.commits = run.catch(() => undefined);
    return run;
  }

  /** The text of every row matching `where`, or of every row, a batch at a time. */
  private async *texts(where?: string): AsyncIterable<string> {
    const query = this.table.query().select(['text']);
    for await (const batch of where ? query.where(where) : query) {
      const text = batch.getChild('text');
      for (let i = 0; i < batch.numRows; i++) yield String(text?.get(i) ?? '');
    }
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
      await this.words.settle(before, (await this.table.version()) === before ? 0 : 1);
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
    return this.words.current();
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
    await this.words.settle(before, commits);
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
