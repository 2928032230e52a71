// Owns the two models: each is loaded once, on first use, and disposed by the hub (never per query). In a
// long-running engine each lets go of its runtime memory when unused for a while (models/idle-session.ts).
import type { Embedder } from './embed/embedder.js';
import { OnnxEmbedder } from './embed/onnx-embedder.js';
import type { Log, Provider } from './models/ort.js';
import { OnnxReranker } from './rerank/onnx-reranker.js';
import type { Reranker } from './rerank/reranker.js';

export interface ModelChoice {
  embeddingModel: string;
  rerankerModel: string;
}

export class ModelHub {
  private embedderP: Promise<Embedder> | null = null;
  private rerankerP: Promise<Reranker> | null = null;

  constructor(
    private readonly modelsDir: string,
    private readonly providers: Provider[],
    private readonly log: Log,
    private choice: ModelChoice,
    /** Each model lets go of its runtime memory after this long unused, and opens again when next used. */
    private readonly idleReleaseMs = Infinity,
  ) {}

  embedder(): Promise<Embedder> {
    this.embedderP ??= OnnxEmbedder.load({
      model: this.choice.embeddingModel,
      modelsDir: this.modelsDir,
      providers: this.providers,
      log: this.log,
      idleReleaseMs: this.idleReleaseMs,
    }).catch((err: unknown) => {
      this.embedderP = null; // a failed load is retried on next use (the user may fix the model)
      throw err;
    });
    return this.embedderP;
  }

  reranker(): Promise<Reranker> {
    this.rerankerP ??= OnnxReranker.load({
      model: this.choice.rerankerModel,
      modelsDir: this.modelsDir,
      providers: this.providers,
      log: this.log,
      idleReleaseMs: this.idleReleaseMs,
    }).catch((err: unknown) => {
      this.rerankerP = null;
      throw err;
    });
    return this.rerankerP;
  }

  /** Switches models; returns whether the embedding model changed (the index then needs a rebuild). */
  choose(next: ModelChoice): boolean {
    const embedChanged = next.embeddingModel !== this.choice.embeddingModel;
    if (embedChanged) this.embedderP = release(this.embedderP);
    if (next.rerankerModel !== this.choice.rerankerModel) this.rerankerP = release(this.rerankerP);
    this.choice = { ...next };
    return embedChanged;
  }

  async dispose(): Promise<void> {
    const loaded = await Promise.all([this.embedderP?.catch(() => null), this.rerankerP?.catch(() => null)]);
    this.embedderP = null;
    this.rerankerP = null;
    for (const m of loaded) await m?.dispose();
  }
}

function release<T extends { dispose(): Promise<void> }>(p: Promise<T> | null): null {
  void p?.then((m) => m.dispose()).catch(() => undefined);
  return null;
}
