// The models' batch sizes (how many texts one onnxruntime run takes), compared in one process: every size loaded
// once, then timed in rounds that alternate the order of the sizes, so that a VM's minute-to-minute drift falls on
// all of them alike (one pass per size, as this bench first did, read the drift as a difference).
//   embed  [PARAGRAPHS] [SIZES]: the int8 embedder on SQuAD dev paragraphs (paragraphs/s per round), and how close
//          each size's vectors are to the fp32 model's (int8 quantises a batch's activations with one scale, so a
//          vector moves a little with what it is batched with; size 1 is each paragraph alone).
//   rerank [K] [SIZES]: the int8 re-ranker scoring K candidates for each of 12 SQuAD dev questions, as the search
//          does (ms per question per round).
// Usage: tsx bench/batches.ts embed 400 1,4,8,16,32 | tsx bench/batches.ts rerank 50 1,2,4,8,16 → last line JSON.
// ROUNDS (default 4). By hand, not in `npm run bench`.
import { OnnxEmbedder } from '../src-main/core/embed/onnx-embedder.js';
import { OnnxReranker } from '../src-main/core/rerank/onnx-reranker.js';
import { MODELS, RERANKER, benchProviders, emit, round, squadCandidates, squadParagraphs, time } from './common.js';

const [mode = 'embed', nArg, sizesArg] = process.argv.slice(2);
const rounds = Number(process.env['ROUNDS'] ?? 4);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const say = (s: string): void => void process.stderr.write(`${s}\n`);

/** Each size's figures over the rounds, sizes in forward then reverse order. */
async function alternate(sizes: number[], run: (size: number) => Promise<number>): Promise<Map<number, number[]>> {
  const out = new Map(sizes.map((s) => [s, [] as number[]]));
  for (let r = 0; r < rounds; r++) for (const s of r % 2 ? [...sizes].reverse() : sizes) out.get(s)!.push(await run(s));
  return out;
}

async function embed(n: number, sizes: number[]): Promise<Record<string, number>> {
  const texts = squadParagraphs(n);
  const load = (batchSize: number, precision: 'int8' | 'fp32') =>
    OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir: MODELS, providers: benchProviders(), precision, batchSize });
  const models = new Map(await Promise.all(sizes.map(async (b) => [b, await load(b, 'int8')] as const)));
  const result: Record<string, number> = {};
  const fp32 = await load(16, 'fp32');
  const ref = await fp32.embedDocuments(texts);
  await fp32.dispose();
  for (const [b, m] of models) {
    const v = await m.embedDocuments(texts); // also the warm-up
    const cos = v.map((x, i) => x.reduce((s, y, j) => s + y * ref[i]![j]!, 0));
    result[`batch_${b}_cosine_to_fp32`] = round(cos.reduce((s, c) => s + c, 0) / cos.length, 4);
  }
  const rates = await alternate(sizes, async (b) => {
    const [, s] = await time(() => models.get(b)!.embedDocuments(texts));
    return texts.length / s;
  });
  for (const [b, r] of rates) {
    say(
      `batch ${b}: ${r.map((x) => x.toFixed(1)).join(' / ')} paragraphs/s; cosine to fp32 ${result[`batch_${b}_cosine_to_fp32`]}`,
    );
    result[`batch_${b}_paragraphs_per_s`] = round(median(r), 1);
  }
  return { paragraphs: texts.length, ...result };
}

async function rerank(k: number, sizes: number[]): Promise<Record<string, number>> {
  const questions = squadCandidates(k);
  const models = new Map<number, OnnxReranker>();
  for (const b of sizes) {
    const r = await OnnxReranker.load({
      model: RERANKER,
      modelsDir: MODELS,
      providers: benchProviders(),
      precision: 'int8',
      batchSize: b,
    });
    await r.score(questions[0]!.q, questions[0]!.passages); // warm-up
    models.set(b, r);
  }
  const ms = await alternate(sizes, async (b) => {
    const [, s] = await time(async () => {
      for (const x of questions) await models.get(b)!.score(x.q, x.passages);
    });
    return (1000 * s) / questions.length;
  });
  const result: Record<string, number> = {};
  for (const [b, r] of ms) {
    say(`batch ${b}: ${r.map((x) => x.toFixed(0)).join(' / ')} ms per question of ${k} candidates`);
    result[`batch_${b}_ms_per_question`] = round(median(r), 0);
  }
  return { candidates: k, questions: questions.length, ...result };
}

const sizes = (sizesArg ?? (mode === 'rerank' ? '1,2,4,8,16' : '4,8,16,32')).split(',').map(Number);
if (mode === 'rerank') emit({ rounds, ...(await rerank(Number(nArg ?? 50), sizes)) });
else if (mode === 'embed') emit({ rounds, ...(await embed(Number(nArg ?? 400), sizes)) });
else throw new Error(`unknown mode ${mode}: embed or rerank`);
