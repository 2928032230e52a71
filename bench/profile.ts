// Where a model's time goes, by operator: onnxruntime's own profiler over the file the engine opens on the CPU (int8),
// with the engine's session options (graph optimisation 'all', which fuses at load time) and real SQuAD dev text
// batched as the engine batches it (sorted by length, the CPU default batch size).
//   rerank [K]: K candidates for each of 12 SQuAD questions, as the search does (default 50)
//   embed [N]:  N SQuAD paragraphs, as indexing does (default 400)
// Usage: tsx bench/profile.ts rerank 50 → a table on stderr (share of kernel time per operator), the last line JSON.
// By hand, not in `npm run bench`.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { defaultBatchSize, runByLength } from '../src-main/core/models/batching.js';
import { openModelFolder, variantsFor } from '../src-main/core/models/loader.js';
import { feedsFor, padBatch, sessionOptions, threadCount } from '../src-main/core/models/ort.js';
import { readBiEncoderConfig, readCrossEncoderConfig } from '../src-main/core/models/st-config.js';
import { TextTokenizer, type Encoded } from '../src-main/core/models/tokenizer.js';
import { MODELS, RERANKER, emit, round, squadCandidates, squadParagraphs } from './common.js';

const [mode = 'rerank', nArg] = process.argv.slice(2);
const say = (s: string): void => void process.stderr.write(`${s}\n`);

/** The model, its CPU batch size and its inputs, encoded as OnnxReranker.score / OnnxEmbedder.embedDocuments do. */
async function inputs(): Promise<{ model: string; batch: number; groups: Encoded[][] }> {
  if (mode === 'rerank') {
    const dir = join(MODELS, RERANKER);
    const [tok, config] = await Promise.all([TextTokenizer.load(dir), readCrossEncoderConfig(dir)]);
    const max = Math.min(512, config.maxLength);
    const groups = squadCandidates(Number(nArg ?? 50)).map((x) => x.passages.map((p) => tok.encodePair(x.q, p, max)));
    return { model: RERANKER, batch: defaultBatchSize('cpu', 4), groups };
  }
  if (mode === 'embed') {
    const dir = join(MODELS, 'all-MiniLM-L6-v2');
    const [tok, config] = await Promise.all([TextTokenizer.load(dir), readBiEncoderConfig(dir)]);
    const texts = squadParagraphs(Number(nArg ?? 400));
    const groups = [texts.map((p) => tok.encode(config.documentPrompt + p, config.maxSeqLength))];
    return { model: 'all-MiniLM-L6-v2', batch: defaultBatchSize('cpu', 8), groups };
  }
  throw new Error(`unknown mode ${mode}: rerank or embed`);
}

const { model, batch, groups } = await inputs();
const folder = await openModelFolder(model, MODELS);
const out = mkdtempSync(join(tmpdir(), 'parascope-profile-'));
// the file and the options the engine opens on the CPU, with onnxruntime's profiler on
const session = await ort.InferenceSession.create(join(folder.dir, variantsFor(folder, 'cpu')[0]!.rel), {
  ...sessionOptions('cpu'),
  enableProfiling: true,
  profileFilePrefix: join(out, 'ort'),
});
let runs = 0;
for (const g of groups)
  await runByLength(g, batch, async (b) => {
    await session.run(feedsFor(session, padBatch(b)));
    runs++;
    return b;
  });
session.endProfiling();
await session.release();
const file = readdirSync(out).find((f) => f.endsWith('.json'));
if (!file) throw new Error('onnxruntime wrote no profile');
const events = JSON.parse(readFileSync(join(out, file), 'utf8')) as {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}[];
rmSync(out, { recursive: true, force: true });

const byOp = new Map<string, { us: number; calls: number }>();
for (const e of events) {
  if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
  const op = e.args?.op_name ?? '?';
  const a = byOp.get(op) ?? { us: 0, calls: 0 };
  a.us += e.dur;
  a.calls++;
  byOp.set(op, a);
}
const kernelUs = [...byOp.values()].reduce((s, a) => s + a.us, 0);
const runUs = events.filter((e) => e.name === 'model_run').reduce((s, e) => s + e.dur, 0);
const rows = [...byOp.entries()].sort((a, b) => b[1].us - a[1].us);
say(`${mode}: ${runs} runs of up to ${batch}, ${round(runUs / 1000 / runs, 1)} ms per run; kernel time by operator:`);
for (const [op, a] of rows.slice(0, 15))
  say(`  ${op.padEnd(28)} ${((100 * a.us) / kernelUs).toFixed(1).padStart(5)} %  ${String(a.calls / runs).padStart(3)} per run`);
emit({
  date: new Date().toISOString(),
  mode,
  runs,
  batch,
  threads: threadCount(),
  ms_per_run: round(runUs / 1000 / runs, 2),
  kernel_share_of_run: round(kernelUs / runUs, 3),
  share_by_op: Object.fromEntries(rows.map(([op, a]) => [op, round(a.us / kernelUs, 3)])),
});
