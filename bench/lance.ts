// LanceDB dense search latency at growing table sizes, brute force vs an ANN index, with recall@10.
// Synthetic 384-d unit vectors drawn around 2,000 random centres (clustered like real embeddings;
// uniformly random vectors on the sphere have no neighbourhood structure for any ANN index to use).
// Usage: tsx bench/lance.ts 10000,100000[,1000000] → last line JSON
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Int32, Schema } from 'apache-arrow';
import { CACHE, emit, percentile, round } from './common.js';
import { annIndexConfig, ANN_SEARCH } from '../src-main/core/store/lance-store.js';

const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const DIM = 384;
const Q = 50;
let seed = 7;
const rand = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const unit = (v: Float32Array): Float32Array => {
  let s = 0;
  for (const x of v) s += x * x;
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
};
const centres = Array.from({ length: 2000 }, () => unit(Float32Array.from({ length: DIM }, gauss)));
const sample = (): Float32Array => {
  const c = centres[Math.floor(rand() * centres.length)]!;
  return unit(Float32Array.from({ length: DIM }, (_, i) => c[i]! + 0.03 * gauss()));
};
const schema = new Schema([
  new Field('id', new Int32(), false),
  new Field('vector', new FixedSizeList(DIM, new Field('item', new Float32(), true)), false),
]);
const queries = Array.from({ length: Q }, sample);

async function search(t: lancedb.Table, q: Float32Array, ann: boolean): Promise<number[]> {
  let s = t.vectorSearch(q).distanceType('cosine').select(['id']).limit(10);
  if (ann) s = s.nprobes(ANN_SEARCH.nprobes).refineFactor(ANN_SEARCH.refineFactor);
  else s = s.bypassVectorIndex();
  return (await s.toArray()).map((r: { id: number }) => r.id);
}

async function measure(t: lancedb.Table, ann: boolean): Promise<{ p50: number; p95: number; ids: number[][] }> {
  await search(t, queries[0]!, ann);
  const ms: number[] = [];
  const ids: number[][] = [];
  for (const q of queries) {
    const t0 = performance.now();
    ids.push(await search(t, q, ann));
    ms.push(performance.now() - t0);
  }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), ids };
}

const dir = join(CACHE, 'lance-bench');
rmSync(dir, { recursive: true, force: true });
const db = await lancedb.connect(dir);
const table = await db.createEmptyTable('v', schema);
const out: Record<string, unknown> = { dim: DIM, queries: Q, data: 'synthetic clustered unit vectors' };
let rows = 0;
for (const size of sizes) {
  const tAdd = performance.now();
  while (rows < size) {
    const n = Math.min(50_000, size - rows);
    await table.add(Array.from({ length: n }, (_, i) => ({ id: rows + i, vector: Array.from(sample()) })));
    rows += n;
  }
  const addS = (performance.now() - tAdd) / 1000;
  process.stderr.write(`lance: ${size} rows added in ${addS.toFixed(1)} s\n`);
  const brute = await measure(table, false);
  const tIdx = performance.now();
  await table.createIndex('vector', { config: annIndexConfig(rows, DIM), replace: true });
  const indexS = (performance.now() - tIdx) / 1000;
  process.stderr.write(`lance: index built in ${indexS.toFixed(1)} s\n`);
  const ann = await measure(table, true);
  let hit = 0;
  ann.ids.forEach((ids, i) => (hit += ids.filter((x) => brute.ids[i]!.includes(x)).length));
  const r = {
    add_seconds: round(addS, 1),
    index_seconds: round(indexS, 1),
    brute_p50_ms: round(brute.p50, 1),
    brute_p95_ms: round(brute.p95, 1),
    ann_p50_ms: round(ann.p50, 1),
    ann_p95_ms: round(ann.p95, 1),
    speedup_p50: round(brute.p50 / ann.p50, 1),
    recall_at_10: round(hit / (Q * 10), 3),
  };
  out[String(size)] = r;
  process.stderr.write(`lance: ${size} rows ${JSON.stringify(r)}\n`);
  await table.dropIndex('vector_idx').catch(() => undefined);
}
db.close();
rmSync(dir, { recursive: true, force: true });
out['index'] = ANN_SEARCH.kind;
emit(out);
