// The machine's fp32 matrix-multiply peak through onnxruntime-node (same thread count and session
// options as the engine), on the shapes MiniLM's matmuls have (a batch of 32 × ~128 tokens).
// Usage: tsx bench/matmul.ts <matmul.onnx> → last line JSON
import * as ort from 'onnxruntime-node';
import { threadCount } from '../src-main/core/models/ort.js';
import { emit, round } from './common.js';

const session = await ort.InferenceSession.create(process.argv[2]!, {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  intraOpNumThreads: threadCount(),
  interOpNumThreads: 1,
  executionMode: 'sequential',
});
const shapes: [number, number, number][] = [
  [4096, 384, 1536], // FFN up
  [4096, 1536, 384], // FFN down
  [4096, 384, 384], // Q/K/V/O projections
  [1024, 1024, 1024],
];
const out: Record<string, number> = {};
let peak = 0;
for (const [m, k, n] of shapes) {
  const a = new ort.Tensor(
    'float32',
    Float32Array.from({ length: m * k }, () => Math.random() - 0.5),
    [m, k],
  );
  const b = new ort.Tensor(
    'float32',
    Float32Array.from({ length: k * n }, () => Math.random() - 0.5),
    [k, n],
  );
  await session.run({ A: a, B: b });
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    await session.run({ A: a, B: b });
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  const gflops = (2 * m * k * n) / best / 1e9;
  out[`${m}x${k}x${n}`] = round(gflops, 1);
  peak = Math.max(peak, gflops);
}
await session.release();
emit({ threads: threadCount(), gflops_by_shape: out, peak_gflops: round(peak, 1) });
