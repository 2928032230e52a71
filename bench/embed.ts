// Bi-encoder throughput in Node: the engine's OnnxEmbedder (int8 = its CPU default, and fp32) and
// transformers.js (feature-extraction pipeline, same ONNX weights), on the same SQuAD paragraphs.
// Usage: tsx bench/embed.ts [N] [N_FP32] → last line JSON. The fp32 runs may use the first N_FP32
// paragraphs only (they are 2-3× slower); compare them with tokens/s when the sets differ.
import { mkdirSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxEmbedder } from '../src-main/core/embed/onnx-embedder.js';
import { threadCount } from '../src-main/core/models/ort.js';
import { TextTokenizer } from '../src-main/core/models/tokenizer.js';
import { CACHE, MODELS, benchProviders, emit, round, squadParagraphs, time } from './common.js';

const N = Number(process.argv[2] ?? Infinity);
const texts = squadParagraphs(N);
const NF = Math.min(Number(process.argv[3] ?? N), texts.length);
const fp32Texts = texts.slice(0, NF);
const MODEL = 'all-MiniLM-L6-v2';
const log = (s: string): void => void process.stderr.write(`embed: ${s}\n`);

async function engine(precision: 'int8' | 'fp32'): Promise<Record<string, number>> {
  const texts = precision === 'fp32' ? fp32Texts : allTexts;
  const tokens = count(texts);
  const e = await OnnxEmbedder.load({ model: MODEL, modelsDir: MODELS, providers: benchProviders(), precision });
  await e.embedDocuments(texts.slice(0, 64)); // warm-up
  const [, s] = await time(() => e.embedDocuments(texts));
  await e.dispose();
  log(`engine ${precision}: ${(texts.length / s).toFixed(1)} paragraphs/s`);
  return {
    paragraphs: texts.length,
    seconds: round(s, 3),
    paragraphs_per_s: round(texts.length / s, 1),
    tokens_per_s: round(tokens / s, 0),
  };
}

// tokenization alone, as the engine does it ([CLS] text [SEP], truncated at 256)
const tok = await TextTokenizer.load(join(MODELS, MODEL));
tok.encode('warm up', 256);
const tTok = performance.now();
const encoded = texts.map((t) => tok.encode(t, 256));
const tokenizeS = (performance.now() - tTok) / 1000;
const tokens = encoded.reduce((s, e) => s + e.ids.length, 0);
const allTexts = texts;
const count = (xs: string[]): number => encoded.slice(0, xs.length).reduce((s, e) => s + e.ids.length, 0);

const int8 = await engine('int8');
const fp32 = await engine('fp32');

// transformers.js: it expects onnx/model.onnx (fp32) and onnx/model_quantized.onnx (q8)
const tjsRoot = join(CACHE, 'tjs-models');
const tjsDir = join(tjsRoot, MODEL);
rmSync(tjsRoot, { recursive: true, force: true });
mkdirSync(join(tjsDir, 'onnx'), { recursive: true });
for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) {
  if (existsSync(join(MODELS, MODEL, f))) symlinkSync(join(MODELS, MODEL, f), join(tjsDir, f));
}
symlinkSync(join(MODELS, MODEL, 'onnx', 'model.onnx'), join(tjsDir, 'onnx', 'model.onnx'));
symlinkSync(join(MODELS, MODEL, 'onnx', 'model_int8.onnx'), join(tjsDir, 'onnx', 'model_quantized.onnx'));
const { pipeline, env } = await import('@huggingface/transformers');
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = tjsRoot + '/';

async function tjs(dtype: 'q8' | 'fp32'): Promise<Record<string, number>> {
  const texts = dtype === 'fp32' ? fp32Texts : allTexts;
  const tokens = count(texts);
  const extractor = await pipeline('feature-extraction', MODEL, { dtype, device: 'cpu' });
  // same batching as the engine: sorted by length, batch 32
  const sorted = [...texts].sort((a, b) => a.length - b.length);
  await extractor(sorted.slice(0, 32), { pooling: 'mean', normalize: true });
  const [, s] = await time(async () => {
    for (let i = 0; i < sorted.length; i += 32) {
      await extractor(sorted.slice(i, i + 32), { pooling: 'mean', normalize: true });
    }
  });
  await extractor.dispose();
  log(`transformers.js ${dtype}: ${(texts.length / s).toFixed(1)} paragraphs/s`);
  return {
    paragraphs: texts.length,
    seconds: round(s, 3),
    paragraphs_per_s: round(texts.length / s, 1),
    tokens_per_s: round(tokens / s, 0),
  };
}
const tjsQ8 = await tjs('q8');
const tjsFp32 = await tjs('fp32');

emit({
  paragraphs: texts.length,
  tokens,
  threads: threadCount(),
  tokenize_seconds: round(tokenizeS, 3),
  tokenize_share_int8: round(tokenizeS / int8['seconds']!, 3),
  engine_int8: int8,
  engine_fp32: fp32,
  transformersjs_q8: tjsQ8,
  transformersjs_fp32: tjsFp32,
});
