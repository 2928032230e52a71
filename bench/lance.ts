// LanceDB dense search latency at growing table sizes, brute force vs an ANN index, with recall@10.
// Synthetic 384-d unit vectors drawn around 2,000 random centres (clustered like real embeddings;
// uniformly random vectors on the sphere have no neighbourhood structure for any ANN index to use).
// Usage: tsx bench/lance.ts 10000,100000[,1000000] → last line JSON
//   BENCH_LANCE_STUDY=1 also tries the other index kinds and query settings of STUDY (docs/performance.md).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Int32, makeData, RecordBatch, Schema, Struct, Table } from 'apache-arrow';
import { CACHE, emit, percentile, round } from './common.js';
import { annIndexConfig, ANN_SEARCH } from '../src-main/core/store/lance-table.js';

const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const DIM = 384;
const Q = 50;
let seed = 7;
const rand = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const unit = (v: Float32Array): Float32Array => {
  let s = 0;
  for (const x of v) s += x * x;
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
};
const centres = Array.from({ length: 2000 }, () => unit(Float32Array.from({ length: DIM }, gauss)));
/** One sample written into `out` at `at` (so a million rows fill one buffer without a million arrays). */
const sampleInto = (out: Float32Array, at: number): Float32Array => {
  const c = centres[Math.floor(rand() * centres.length)]!;
  const v = out.subarray(at, at + DIM);
  for (let i = 0; i < DIM; i++) v[i] = c[i]! + 0.03 * gauss();
  return unit(v);
};
const sample = (): Float32Array => sampleInto(new Float32Array(DIM), 0);
const vectorType = new FixedSizeList(DIM, new Field('item', new Float32(), true));
const schema = new Schema([new Field('id', new Int32(), false), new Field('vector', vectorType, false)]);
const queries = Array.from({ length: Q }, sample);

/** `n` rows as one Arrow table built straight from a Float32Array (no array of numbers per row). */
function batch(first: number, n: number): Table {
  const flat = new Float32Array(n * DIM);
  for (let r = 0; r < n; r++) sampleInto(flat, r * DIM);
  const ids = makeData({ type: new Int32(), length: n, data: Int32Array.from({ length: n }, (_, i) => first + i) });
  const child = makeData({ type: new Float32(), length: n * DIM, data: flat });
  const vectors = makeData({ type: vectorType, length: n, nullCount: 0, child });
  const struct = makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children: [ids, vectors] });
  return new Table([new RecordBatch(schema, struct)]);
}

interface Query {
  label: string;
  nprobes?: number;
  refine?: number;
  ef?: number;
}
interface Variant {
  label: string;
  config: (rows: number) => lancedb.Index;
  queries: Query[];
}

const SHIPPED: Variant = {
  label: 'shipped',
  config: (rows) => annIndexConfig(rows, DIM),
  queries: [
    {
      label: `nprobes ${ANN_SEARCH.nprobes}, refine ${ANN_SEARCH.refineFactor}`,
      nprobes: ANN_SEARCH.nprobes,
      refine: ANN_SEARCH.refineFactor,
    },
  ],
};
// Candidates compared by BENCH_LANCE_STUDY=1 (each is built on the same table, then dropped).
const STUDY: Variant[] = [
  {
    label: 'IVF-PQ, 8 dims/sub-vector',
    config: (rows) =>
      lancedb.Index.ivfPq({ distanceType: 'cosine', numPartitions: Math.round(Math.sqrt(rows)), numSubVectors: DIM / 8 }),
    queries: [20, 50].flatMap((nprobes) =>
      [10, 50].map((refine) => ({ label: `nprobes ${nprobes}, refine ${refine}`, nprobes, refine })),
    ),
  },
  {
    label: 'IVF-PQ, 4 dims/sub-vector',
    config: (rows) =>
      lancedb.Index.ivfPq({ distanceType: 'cosine', numPartitions: Math.round(Math.sqrt(rows)), numSubVectors: DIM / 4 }),
    queries: [20, 50].flatMap((nprobes) =>
      [10, 50].map((refine) => ({ label: `nprobes ${nprobes}, refine ${refine}`, nprobes, refine })),
    ),
  },
  {
    label: 'IVF-flat',
    config: (rows) => lancedb.Index.ivfFlat({ distanceType: 'cosine', numPartitions: Math.round(Math.sqrt(rows)) }),
    queries: [10, 20, 50].map((nprobes) => ({ label: `nprobes ${nprobes}`, nprobes })),
  },
  {
    label: 'IVF-HNSW-SQ',
    config: (rows) => lancedb.Index.hnswSq({ distanceType: 'cosine', numPartitions: Math.max(1, Math.round(rows / 250_000)) }),
    // LanceDB requires ef ≥ limit × refine (10 × 10 here)
    queries: [100, 300].flatMap((ef) =>
      [undefined, 10].map((refine) => ({ label: `ef ${ef}${refine ? `, refine ${refine}` : ''}`, ef, refine, nprobes: 4 })),
    ),
  },
];

async function search(t: lancedb.Table, q: Float32Array, p: Query | null): Promise<number[]> {
  let s = t.vectorSearch(q).distanceType('cosine').select(['id']).limit(10);
  if (!p) s = s.bypassVectorIndex();
  else {
    if (p.nprobes) s = s.nprobes(p.nprobes);
    if (p.refine) s = s.refineFactor(p.refine);
    if (p.ef) s = s.ef(p.ef);
  }
  return (await s.toArray()).map((r: { id: number }) => r.id);
}

async function measure(t: lancedb.Table, p: Query | null): Promise<{ p50: number; p95: number; ids: number[][] }> {
  for (const q of queries.slice(0, 3)) await search(t, q, p);
  const ms: number[] = [];
  const ids: number[][] = [];
  for (const q of queries) {
    const t0 = performance.now();
    ids.push(await search(t, q, p));
    ms.push(performance.now() - t0);
  }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), ids };
}

const dir = join(CACHE, 'lance-bench');
rmSync(dir, { recursive: true, force: true });
const db = await lancedb.connect(dir);
const table = await db.createEmptyTable('v', schema);
const out: Record<string, unknown> = { dim: DIM, queries: Q, data: 'synthetic clustered unit vectors' };
// BENCH_LANCE_SWEEP=nprobes:refine,… also queries the shipped index with other query settings (one build)
const sweep: Query[] = (process.env['BENCH_LANCE_SWEEP'] ?? '')
  .split(',')
  .filter(Boolean)
  .map((x) => {
    const [nprobes, refine] = x.split(':').map(Number);
    return { label: `nprobes ${nprobes}, refine ${refine}`, nprobes, refine };
  });
const variants = process.env['BENCH_LANCE_STUDY'] ? [SHIPPED, ...STUDY] : [SHIPPED];
let rows = 0;
for (const size of sizes) {
  const tAdd = performance.now();
  while (rows < size) {
    const n = Math.min(100_000, size - rows);
    await table.add(batch(rows, n));
    rows += n;
  }
  await table.optimize().catch(() => undefined);
  const addS = (performance.now() - tAdd) / 1000;
  process.stderr.write(`lance: ${size} rows added in ${addS.toFixed(1)} s\n`);
  const brute = await measure(table, null);
  process.stderr.write(`lance: brute force p50 ${brute.p50.toFixed(1)} ms\n`);
  const study: Record<string, unknown>[] = [];
  for (const v of variants) {
    const tIdx = performance.now();
    await table.createIndex('vector', { config: v.config(rows), replace: true });
    const indexS = (performance.now() - tIdx) / 1000;
    for (const p of v === SHIPPED ? [...v.queries, ...sweep] : v.queries) {
      const ann = await measure(table, p);
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
      if (p === SHIPPED.queries[0]) out[String(size)] = r;
      else study.push({ index: v.label, query: p.label, ...r });
      process.stderr.write(`lance: ${size} rows, ${v.label} (${p.label}): ${JSON.stringify(r)}\n`);
    }
    await table.dropIndex('vector_idx').catch(() => undefined);
  }
  if (study.length) out[`study_${size}`] = study;
}
db.close();
rmSync(dir, { recursive: true, force: true });
out['index'] = `${ANN_SEARCH.kind} (nprobes ${ANN_SEARCH.nprobes}, refine ${ANN_SEARCH.refineFactor})`;
emit(out);
