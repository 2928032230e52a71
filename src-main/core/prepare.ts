// Parse + chunk in worker threads, with the embedding model's tokenizer so chunks fit its window.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../common/types.js';
import type { Embedder } from './embed/embedder.js';
import { resolveModelDir } from './models/loader.js';
import { ParserPool } from './parse/pool.js';

export interface Preparer {
  prepare(path: string): Promise<Chunk[]>;
  close(): Promise<void>;
}

export interface PreparerOptions {
  maxFileBytes?: number;
  workers?: number;
}

export async function createPreparer(
  modelsDir: string,
  embeddingModel: string,
  embedder: Embedder,
  opts: PreparerOptions = {},
): Promise<Preparer> {
  const pool = new ParserPool({
    // the embedder already uses every core; one or two parsers keep ahead of it
    size: opts.workers ?? Math.max(1, Math.min(2, availableParallelism() - 1)),
    tokenizerPath: join(resolveModelDir(embeddingModel, modelsDir), 'tokenizer.json'),
    // room for [CLS]/[SEP] inside the model's window: no chunk is ever truncated by the embedder
    maxTokens: embedder.maxSeqLength - 2,
  });
  return {
    async prepare(path: string): Promise<Chunk[]> {
      const result = await pool.run(path, { chunk: true, maxBytes: opts.maxFileBytes });
      return result.chunks ?? [];
    },
    close: () => pool.close(),
  };
}
