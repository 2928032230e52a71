// The engine's int8 embedder at several batch sizes on the same SQuAD paragraphs (is batch 32 the right default?).
// Usage: tsx bench/embed-batches.ts [PARAGRAPHS] [SIZES] → last line JSON, e.g. tsx bench/embed-batches.ts 512 8,16,32,64
import { OnnxEmbedder } from '../src-main/core/embed/onnx-embedder.js';
import { MODELS, benchProviders, emit, round, squadParagraphs, time } from './common.js';

const texts = squadParagraphs(Number(process.argv[2] ?? 512));
const sizes = (process.argv[3] ?? '8,16,32,64').split(',').map(Number);
const out: Record<string, number> = {};
for (const batchSize of sizes) {
  const e = await OnnxEmbedder.load({
    model: 'all-MiniLM-L6-v2',
    modelsDir: MODELS,
    providers: benchProviders(),
    precision: 'int8',
    batchSize,
  });
  await e.embedDocuments(texts.slice(0, 32)); // warm-up
  const [, s] = await time(() => e.embedDocuments(texts));
  out[`batch_${batchSize}_paragraphs_per_s`] = round(texts.length / s, 1);
  process.stderr.write(`batch ${batchSize}: ${(texts.length / s).toFixed(1)} paragraphs/s\n`);
  await e.dispose();
}
emit({ paragraphs: texts.length, ...out });
