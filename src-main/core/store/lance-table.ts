// The chunks table as LanceDB holds it: its schema, the columns a hit carries and how a row becomes one, the SQL the
// store writes, and the ANN index's settings (bench/lance.ts measures exactly these).
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8 } from 'apache-arrow';
import type { ChunkHit } from './vector-store.js';

export const TABLE = 'chunks';
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

export function schema(dim: number): Schema {
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

export const COLUMNS = ['id', 'path', 'root', 'hash', 'mtime', 'text', 'heading', 'page', 'line', 'start', 'end', 'ordinal'];

export function toHit(r: Record<string, unknown>, score: number): ChunkHit {
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

export function inList(column: string, values: string[]): string {
  return `${column} IN (${values.map(sqlString).join(', ')})`;
}
