// Dynamic padding for both models: inputs are sorted by token length and run in batches, so each batch
// pads only to its own longest input; results come back in input order.
import { ParascopeError } from '../../common/errors.js';
import { isGpu, type Provider } from './ort.js';
import type { Encoded } from './tokenizer.js';

export async function runByLength<R>(
  encoded: Encoded[],
  batchSize: number,
  run: (batch: Encoded[]) => Promise<R[]>,
  signal?: AbortSignal,
  /** After each batch: how many inputs are done. */
  onBatch?: (done: number) => void,
): Promise<R[]> {
  const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.ids.length - encoded[b]!.ids.length);
  const out = new Array<R>(encoded.length);
  for (let i = 0; i < order.length; i += batchSize) {
    if (signal?.aborted) throw new ParascopeError('CANCELLED', 'Cancelled.');
    const idx = order.slice(i, i + batchSize);
    const results = await run(idx.map((j) => encoded[j]!));
    idx.forEach((j, k) => (out[j] = results[k]!));
    onBatch?.(i + idx.length);
  }
  return out;
}

/**
 * Texts per run when the caller does not say: a GPU takes 16; on the CPU smaller batches measured faster (each pads
 * only to its own longest text), so each model passes the size measured best for it
 * (`bench/batches.ts`, docs/performance.md 2026-12-04: the embedder 8, the re-ranker 4).
 */
export function defaultBatchSize(provider: Provider, cpu: number): number {
  return isGpu(provider) ? 16 : cpu;
}
