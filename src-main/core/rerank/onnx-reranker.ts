// Cross-encoder on onnxruntime-node: each (question, passage) pair is one sequence; passages are
// batched by length like the embedder's. 1-label models give sigmoid(logit); N-label models the
// softmax probability of the relevance label.
import type * as ort from 'onnxruntime-node';
import { openModelFolder, loadSession, type Precision } from '../models/loader.js';
import { configuredProviders, feedsFor, padBatch, type Log, type Provider } from '../models/ort.js';
import { sigmoid, softmax } from '../models/pooling.js';
import { readCrossEncoderConfig, type CrossEncoderConfig } from '../models/st-config.js';
import { TextTokenizer, type Encoded } from '../models/tokenizer.js';
import type { Reranker } from './reranker.js';

export interface OnnxRerankerOptions {
  model: string;
  modelsDir: string;
  providers?: Provider[];
  batchSize?: number;
  /** Forces a variant (verification, benchmarks); default: int8 on CPU, fp32 on GPUs. */
  precision?: Precision;
  maxLength?: number;
  log?: Log;
}

export class OnnxReranker implements Reranker {
  private constructor(
    readonly modelId: string,
    readonly device: string,
    private readonly session: ort.InferenceSession,
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
    );
    const device = `${provider} (${precision})`;
    log(`re-ranking model ${folder.id} on ${device}`);
    const maxLength = Math.min(opts.maxLength ?? 512, config.maxLength);
    return new OnnxReranker(folder.id, device, session, tokenizer, config, opts.batchSize ?? 16, maxLength);
  }

  async score(query: string, passages: string[]): Promise<number[]> {
    const q = this.tokenizer.raw(query);
    return this.scoreEncoded(passages.map((p) => this.tokenizer.encodePair(query, p, this.maxLength, q)));
  }

  /** Independent (question, passage) pairs, batched by length like score() (benchmarks, evaluation). */
  async scorePairs(pairs: [string, string][]): Promise<number[]> {
    return this.scoreEncoded(pairs.map(([q, p]) => this.tokenizer.encodePair(q, p, this.maxLength)));
  }

  private async scoreEncoded(encoded: Encoded[]): Promise<number[]> {
    const order = encoded.map((_, i) => i).sort((a, b) => encoded[a]!.ids.length - encoded[b]!.ids.length);
    const out = new Array<number>(encoded.length);
    for (let i = 0; i < order.length; i += this.batchSize) {
      const idx = order.slice(i, i + this.batchSize);
      const scores = await this.run(idx.map((j) => encoded[j]!));
      idx.forEach((j, k) => (out[j] = scores[k]!));
    }
    return out;
  }

  /** Raw logits, for parity checks against sentence-transformers. */
  async logits(query: string, passages: string[]): Promise<number[][]> {
    const q = this.tokenizer.raw(query);
    const t = padBatch(passages.map((p) => this.tokenizer.encodePair(query, p, this.maxLength, q)));
    const out = await this.session.run(feedsFor(this.session, t));
    return this.split(out, passages.length);
  }

  private split(result: ort.InferenceSession.OnnxValueMapType, n: number): number[][] {
    const output = result['logits'] ?? Object.values(result)[0];
    if (!output) throw new Error('re-ranking model returned no output');
    const data = output.data as Float32Array;
    const labels = data.length / n;
    return Array.from({ length: n }, (_, b) => Array.from(data.subarray(b * labels, (b + 1) * labels)));
  }

  private async run(batch: Encoded[]): Promise<number[]> {
    const t = padBatch(batch);
    const rows = this.split(await this.session.run(feedsFor(this.session, t)), batch.length);
    return rows.map((r) => (r.length === 1 ? sigmoid(r[0]!) : softmax(r)[this.config.scoreLabel]!));
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
