// Cross-encoder on onnxruntime-node: each (question, passage) pair is one sequence; passages are
// batched by length like the embedder's. 1-label models give sigmoid(logit); N-label models the
// softmax probability of the relevance label.
import { defaultBatchSize, runByLength } from '../models/batching.js';
import { openModelFolder, loadSession, type Precision } from '../models/loader.js';
import { configuredProviders, feedsFor, padBatch, type Log, type Provider } from '../models/ort.js';
import { sigmoid, softmax } from '../models/pooling.js';
import { readCrossEncoderConfig, type CrossEncoderConfig } from '../models/st-config.js';
import { TextTokenizer, type Encoded } from '../models/tokenizer.js';
import type { Reranker } from './reranker.js';
import type { IdleSession } from '../models/idle-session.js';

export interface OnnxRerankerOptions {
  model: string;
  modelsDir: string;
  providers?: Provider[];
  /** Pairs per run; default 4 on the CPU, 16 on a GPU (defaultBatchSize). */
  batchSize?: number;
  /** Forces a variant (verification, benchmarks); default: int8 on CPU, fp16 (then fp32) on GPUs. */
  precision?: Precision;
  maxLength?: number;
  log?: Log;
  /** Release the session's memory after this long without a run (it opens again on the next); default never. */
  idleReleaseMs?: number;
}

export class OnnxReranker implements Reranker {
  private constructor(
    readonly modelId: string,
    readonly device: string,
    private readonly session: IdleSession,
    private readonly tokenizer: TextTokenizer,
    private readonly config: CrossEncoderConfig,
    private readonly batchSize: number,
    private readonly maxLength: number,
  ) {}

  static async load(opts: OnnxRerankerOptions): Promise<OnnxReranker> {
    const log = opts.log ?? (() => {});
    const folder = await openModelFolder(opts.model, opts.modelsDir);
    const config = await readCrossEncoderConfig(folder.dir);
    const tokenizer = await TextTokenizer.load(folder.dir);
    const { session, provider, precision } = await loadSession(
      folder,
      config.files,
      opts.providers ?? configuredProviders(),
      log,
      opts.precision,
      opts.idleReleaseMs,
    );
    const device = `${provider} (${precision})`;
    log(`re-ranking model ${folder.id} on ${device}`, 'info');
    const maxLength = Math.min(opts.maxLength ?? 512, config.maxLength);
    return new OnnxReranker(
      folder.id,
      device,
      session,
      tokenizer,
      config,
      opts.batchSize ?? defaultBatchSize(provider, 4),
      maxLength,
    );
  }

  async score(query: string, passages: string[], signal?: AbortSignal): Promise<number[]> {
    const q = this.tokenizer.raw(query);
    return this.scoreEncoded(
      passages.map((p) => this.tokenizer.encodePair(query, p, this.maxLength, q)),
      signal,
    );
  }

  /** Independent (question, passage) pairs, batched by length like score() (benchmarks, evaluation). */
  async scorePairs(pairs: [string, string][]): Promise<number[]> {
    return this.scoreEncoded(pairs.map(([q, p]) => this.tokenizer.encodePair(q, p, this.maxLength)));
  }

  private scoreEncoded(encoded: Encoded[], signal?: AbortSignal): Promise<number[]> {
    return runByLength(
      encoded,
      this.batchSize,
      async (batch) =>
        (await this.rawLogits(batch)).map((r) => (r.length === 1 ? sigmoid(r[0]!) : softmax(r)[this.config.scoreLabel]!)),
      signal,
    );
  }

  /** Raw logits, for parity checks against sentence-transformers. */
  logits(query: string, passages: string[]): Promise<number[][]> {
    const q = this.tokenizer.raw(query);
    return this.rawLogits(passages.map((p) => this.tokenizer.encodePair(query, p, this.maxLength, q)));
  }

  private async rawLogits(batch: Encoded[]): Promise<number[][]> {
    const result = await this.session.run(feedsFor(this.session, padBatch(batch)));
    const output = result['logits'] ?? Object.values(result)[0];
    if (!output) throw new Error('re-ranking model returned no output');
    const data = output.data as Float32Array;
    const labels = data.length / batch.length;
    return Array.from({ length: batch.length }, (_, b) => Array.from(data.subarray(b * labels, (b + 1) * labels)));
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
