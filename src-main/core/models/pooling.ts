// Pooling of token embeddings [batch, seq, dim] into sentence vectors, as sentence-transformers' Pooling.
import type { PoolingMode } from './st-config.js';

export function pool(
  hidden: Float32Array,
  mask: Uint8Array,
  batch: number,
  seqLen: number,
  dim: number,
  mode: PoolingMode,
  normalize: boolean,
): Float32Array[] {
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Float32Array(dim);
    const base = b * seqLen;
    if (mode === 'cls') {
      v.set(hidden.subarray(base * dim, base * dim + dim));
    } else if (mode === 'lasttoken') {
      let last = 0;
      for (let t = 0; t < seqLen; t++) if (mask[base + t]) last = t;
      v.set(hidden.subarray((base + last) * dim, (base + last) * dim + dim));
    } else if (mode === 'max') {
      v.fill(-Infinity);
      for (let t = 0; t < seqLen; t++) {
        if (!mask[base + t]) continue;
        const off = (base + t) * dim;
        for (let d = 0; d < dim; d++) if (hidden[off + d]! > v[d]!) v[d] = hidden[off + d]!;
      }
    } else {
      let count = 0;
      for (let t = 0; t < seqLen; t++) {
        if (!mask[base + t]) continue;
        count++;
        const off = (base + t) * dim;
        for (let d = 0; d < dim; d++) v[d]! += hidden[off + d]!;
      }
      const inv = 1 / Math.max(count, 1e-9);
      for (let d = 0; d < dim; d++) v[d]! *= inv;
    }
    if (normalize) normalizeInPlace(v);
    out.push(v);
  }
  return out;
}

export function normalizeInPlace(v: Float32Array): Float32Array {
  let s = 0;
  for (let d = 0; d < v.length; d++) s += v[d]! * v[d]!;
  const inv = 1 / Math.max(Math.sqrt(s), 1e-12);
  for (let d = 0; d < v.length; d++) v[d]! *= inv;
  return v;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.max(Math.sqrt(na * nb), 1e-12);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function softmax(xs: number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}
