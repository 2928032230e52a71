// The bi-encoder on onnxruntime-node: texts are sorted by token length and batched so each batch pads
// only to its own longest text (dynamic padding); results come back in input order.
import { defaultBatchSize, runByLength } from '../models/batching.js';
import { openModelFolder, loadSession, type Precision } from '../models/loader.js';
import { configuredProviders, feedsFor, padBatch, type Log, type Provider } from '../models/ort.js';
import { pool } from '../models/pooling.js';
import { readBiEncoderConfig, type BiEncoderConfig } from '../models/st-config.js';
import { TextTokenizer, type Encoded } from '../models/tokenizer.js';
import type { Embedder } from './embedder.js';
import type { IdleSession } from '../models/idle-session.js';

export interface OnnxEmbedderOptions {
  model: string;
  modelsDir: string;
  providers?: Provider[];
  /** Passages per run; default 8 on the CPU, 16 on a GPU (defaultBatchSize). */
  batchSize?: number;
  /** Forces a variant (verification, benchmarks); default: int8 on CPU, fp16 (then fp32) on GPUs. */
  precision?: Precision;
  /** Overrides the model's max_seq_length (transformers.js truncates at the tokenizer's 512). */
  maxSeqLength?: number;
  log?: Log;
  /** Release the session's memory after this long without a run (it opens again on the next); default never. */
  idleReleaseMs?: number;
}

export class OnnxEmbedder implements Embedder {
  private constructor(
    readonly modelId: string,
    readonly device: string,
    private readonly session: IdleSession,
    private readonly tokenizer: TextTokenizer,
    private readonly config: BiEncoderConfig,
    private readonly batchSize: number,
    readonly dim: number,
  ) {}

  static async load(opts: OnnxEmbedderOptions): Promise<OnnxEmbedder> {
    const log = opts.log ?? (() => {});
    const folder = await openModelFolder(opts.model, opts.modelsDir);
    const config = await readBiEncoderConfig(folder.dir);
    if (opts.maxSeqLength) config.maxSeqLength = opts.maxSeqLength;
    const tokenizer = await TextTokenizer.load(folder.dir);
    const { session, provider, precision } = await loadSession(
      folder,
      config.files.filter((f) => f !== 'tokenizer.json'),
      opts.providers ?? configuredProviders(),
      log,
      opts.precision,
      opts.idleReleaseMs,
    );
    const device = `${provider} (${precision})`;
    log(`embedding model ${folder.id} on ${device}`, 'info');
    const embedder = new OnnxEmbedder(
      folder.id,
      device,
      session,
      tokenizer,
      config,
      opts.batchSize ?? defaultBatchSize(provider, 8),
      config.dim,
    );
    if (!embedder.dim) {
      const [probe] = await embedder.embedDocuments(['dimension probe']);
      (embedder as { dim: number }).dim = probe?.length ?? 0;
    }
    return embedder;
  }

  get maxSeqLength(): number {
    return this.config.maxSeqLength;
  }

  countTokens(text: string): number {
    return this.tokenizer.countTokens(text);
  }

  get knownWords(): ReadonlySet<string> {
    return this.tokenizer.words;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [v] = await this.run([this.tokenizer.encode(this.config.queryPrompt + text, this.config.maxSeqLength)]);
    return v!;
  }

  async embedDocuments(texts: string[], signal?: AbortSignal, onBatch?: (done: number) => void): Promise<Float32Array[]> {
    const prompt = this.config.documentPrompt;
    const encoded = texts.map((t) => this.tokenizer.encode(prompt + t, this.config.maxSeqLength));
    return runByLength(encoded, this.batchSize, (batch) => this.run(batch), signal, onBatch);
  }

  private async run(batch: Encoded[]): Promise<Float32Array[]> {
    const t = padBatch(batch);
    const result = await this.session.run(feedsFor(this.session, t));
    const output = result['last_hidden_state'] ?? result['token_embeddings'] ?? Object.values(result)[0];
    if (!output) throw new Error('embedding model returned no output');
    const dims = output.dims as number[];
    const dim = dims[dims.length - 1]!;
    const data = output.data as Float32Array;
    if (dims.length === 2) {
      // a graph that pools itself returns [batch, dim]
      return batch.map((_, b) => data.slice(b * dim, (b + 1) * dim));
    }
    return pool(data, t.mask, batch.length, t.seqLen, dim, this.config.pooling, this.config.normalize);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
