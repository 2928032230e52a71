// LanceDB adapter. One table `chunks`; a file's chunks are replaced by one merge-insert commit, so a
// reader sees either the old or the new version of a file, never both. BM25 comes from LanceDB's
// full-text index; an IVF-PQ index is built once the table is large enough to need one.
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import { faultPoint } from '../fault.js';
import { VocabularyBuilder, type Vocabulary } from '../search/spelling.js';
import type { ChunkHit, StoredChunk, VectorStore } from './vector-store.js';

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
  /** The words of the table at one version (another process may write the table, so the version is the key). */
  private words: { version: number; vocabulary: Promise<Vocabulary> } | null = null;

  private constructor(
    private readonly db: lancedb.Connection,
    private readonly table: lancedb.Table,
    readonly dim: number,
  ) {}

  static async open(dir: string, dim: number): Promise<LanceStore> {
    // readConsistencyInterval 0: every read sees the latest commit, also one made by another process (CLI + app)
    const db = await lancedb.connect(dir, { readConsistencyInterval: 0 });
    const names = await db.tableNames();
    const table = names.includes(TABLE)
      ? await db.openTable(TABLE)
      : await db.createEmptyTable(TABLE, schema(dim), { mode: 'create', existOk: true });
    const store = new LanceStore(db, table, dim);
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
    if (fresh) {
      // files never indexed before: a plain append is one commit and far cheaper than a merge
      if (data.length) await this.table.add(data);
    } else if (!data.length) {
      await this.deletePaths(paths);
    } else {
      const builder = this.table
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .whenNotMatchedBySourceDelete({ where: inList('path', paths) });
      await builder.execute(data);
    }
    this.ftsDirty = true;
  }

  private async hasRowsFor(paths: string[]): Promise<boolean> {
    for (let i = 0; i < paths.length; i += 500) {
      if ((await this.table.countRows(inList('path', paths.slice(i, i + 500)))) > 0) return true;
    }
    return false;
  }

  async deletePaths(paths: string[]): Promise<void> {
    for (let i = 0; i < paths.length; i += 500) {
      await this.table.delete(inList('path', paths.slice(i, i + 500)));
    }
    this.ftsDirty = true;
  }

  async clear(): Promise<void> {
    await this.table.delete('true');
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
    // compaction rewrites fragments without the deleted rows; cleanup drops every older version's files
    await this.table.optimize({ cleanupOlderThan: new Date(Date.now() + 1000), deleteUnverified: true });
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
    await this.table.checkoutLatest();
    const version = await this.table.version();
    if (this.words?.version !== version) {
      const vocabulary = this.scanWords();
      this.words = { version, vocabulary };
      vocabulary.catch(() => {
        if (this.words?.vocabulary === vocabulary) this.words = null;
      });
    }
    return this.words.vocabulary;
  }

  private async scanWords(): Promise<Vocabulary> {
    const words = new VocabularyBuilder();
    for await (const batch of this.table.query().select(['text'])) {
      const text = batch.getChild('text');
      for (let i = 0; i < batch.numRows; i++) words.add(String(text?.get(i) ?? ''));
    }
    return words.build();
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

  async optimize(): Promise<void> {
    const rows = await this.table.countRows();
    if (rows === 0) {
      // an empty table keeps no full-text index: the old one still holds the words of the deleted rows
      for (const i of await this.table.listIndices()) if (i.columns.includes('text')) await this.table.dropIndex(i.name);
      this.ftsDirty = true;
      return;
    }
    if (this.ftsDirty || !(await this.hasIndexOn('text'))) {
      await this.table.createIndex('text', {
        config: lancedb.Index.fts({ withPosition: false, stem: true, removeStopWords: true, lowercase: true }),
        replace: true,
      });
      this.ftsDirty = false;
    }
    if (rows >= ANN_THRESHOLD && !(await this.hasIndexOn('vector'))) {
      await this.table.createIndex('vector', { config: annIndexConfig(rows, this.dim) });
    }
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
