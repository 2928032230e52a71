// Proof that the bundled models compute what their upstream computes:
// - golden vectors: 778 documents embedded by transformers.js with the fp32 all-MiniLM-L6-v2
//   (npm @sap-ux/fiori-docs-embeddings; transformers.js truncates at the tokenizer's 512 tokens);
// - parity: vectors and logits computed by the sentence-transformers Python library (fixtures).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Embedder } from '../embed/embedder.js';
import { cosine } from './pooling.js';

export interface CosineStats {
  n: number;
  min: number;
  mean: number;
}

function stats(values: number[]): CosineStats {
  return {
    n: values.length,
    min: Math.min(...values),
    mean: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
  };
}

export function decodeVector(b64: string): Float32Array {
  const buf = Buffer.from(b64, 'base64');
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

export interface GoldenSet {
  texts: string[];
  vectors: Float32Array[];
}

export function loadGoldenSet(limit = Infinity): GoldenSet {
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve('@sap-ux/fiori-docs-embeddings/package.json'));
  const dir = join(pkg, 'data', 'embeddings');
  const meta = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as { dimensions: number; totalVectors: number };
  const records = readFileSync(join(dir, 'records.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { content: string });
  const bin = readFileSync(join(dir, 'embeddings.bin'));
  const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length));
  const n = Math.min(limit, meta.totalVectors, records.length);
  const d = meta.dimensions;
  return {
    texts: records.slice(0, n).map((r) => r.content),
    vectors: Array.from({ length: n }, (_, i) => all.slice(i * d, (i + 1) * d)),
  };
}

export async function goldenCosine(embedder: Embedder, set: GoldenSet): Promise<CosineStats> {
  const out = await embedder.embedDocuments(set.texts);
  return stats(out.map((v, i) => cosine(v, set.vectors[i]!)));
}

export interface ParityFixture {
  maxSeqLength: number;
  items: { id: string; text: string; vector: string }[];
}

export function loadParityFixture(path: string): ParityFixture {
  return JSON.parse(readFileSync(path, 'utf8')) as ParityFixture;
}

export async function parityCosine(embedder: Embedder, fixture: ParityFixture): Promise<CosineStats> {
  const out = await embedder.embedDocuments(fixture.items.map((i) => i.text));
  return stats(out.map((v, i) => cosine(v, decodeVector(fixture.items[i]!.vector))));
}
