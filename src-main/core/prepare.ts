// Parse + chunk in worker threads, with the embedding model's tokenizer so chunks fit its window.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ParascopeError } from '../common/errors.js';
import type { Chunk } from '../common/types.js';
import { CHUNKER_VERSION } from './chunk/chunker.js';
import type { Embedder } from './embed/embedder.js';
import { detectFormat } from './ingest/formats.js';
import { resolveModelDir } from './models/loader.js';
import { ParserPool } from './parse/pool.js';

export interface PreparedChunks {
  chunks: Chunk[];
  /** Pages (or the image) read by OCR. */
  ocrPages?: number;
}

export interface PrepareOptions {
  /** Read images and scanned PDF pages by OCR. */
  ocr?: boolean;
}

export interface Preparer {
  prepare(path: string, opts?: PrepareOptions): Promise<PreparedChunks>;
  close(): Promise<void>;
}

/** A file read by OCR gets this long in the parser: every page has its own limit (DEFAULT_OCR_PAGE_TIMEOUT_MS). */
const OCR_FILE_TIMEOUT_MS = 30 * 60_000;
const OCR_FORMATS = new Set(['pdf', 'image']);

export interface PreparerOptions {
  maxFileBytes?: number;
  workers?: number;
}

export interface ChunkerSpec {
  /** Stored in the index identity, so chunks of two chunkers never share an index. */
  version: string;
  windows?: { size: number; overlap: number };
  /** Paragraph chunks: consecutive paragraphs under one heading merge until a chunk has this many tokens. */
  minTokens?: number;
}

/**
 * Paragraph chunks, or for evaluation: PARASCOPE_CHUNKER=paragraphs:MIN (short paragraphs under one heading merge
 * up to MIN tokens) or windows:SIZE:OVERLAP (fixed-size token windows).
 * The only place the switch is read. A chunk never exceeds the embedder's window (maxTokens).
 */
export function chunkerSpec(env: NodeJS.ProcessEnv = process.env): ChunkerSpec {
  const v = env['PARASCOPE_CHUNKER']?.trim();
  if (!v || v === 'paragraphs') return { version: CHUNKER_VERSION };
  const p = /^paragraphs:(\d+)$/.exec(v);
  if (p) return { version: `${CHUNKER_VERSION}:min${Number(p[1])}`, minTokens: Number(p[1]) };
  const m = /^windows:(\d+):(\d+)$/.exec(v);
  const size = Number(m?.[1]);
  const overlap = Number(m?.[2]);
  if (!m || size < 1 || overlap >= size) {
    throw new ParascopeError(
      'BAD_REQUEST',
      'PARASCOPE_CHUNKER must be "paragraphs", paragraphs:MIN or windows:SIZE:OVERLAP with OVERLAP < SIZE.',
    );
  }
  return { version: `windows-v1:${size}:${overlap}`, windows: { size, overlap } };
}

/** Parse worker threads: the embedder already uses every core, so one or two parsers keep ahead of it. */
export function parseWorkerCount(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

export async function createPreparer(
  modelsDir: string,
  embeddingModel: string,
  embedder: Embedder,
  opts: PreparerOptions = {},
): Promise<Preparer> {
  const spec = chunkerSpec();
  const pool = new ParserPool({
    size: opts.workers ?? parseWorkerCount(),
    tokenizerPath: join(resolveModelDir(embeddingModel, modelsDir), 'tokenizer.json'),
    // room for [CLS]/[SEP] inside the model's window: no chunk is ever truncated by the embedder
    maxTokens: embedder.maxSeqLength - 2,
    windows: windowsFor(spec, embedder.maxSeqLength - 2),
    minTokens: spec.minTokens,
  });
  return {
    async prepare(path: string, o: PrepareOptions = {}): Promise<PreparedChunks> {
      const ocr = o.ocr === true;
      const result = await pool.run(path, {
        chunk: true,
        maxBytes: opts.maxFileBytes,
        ocr,
        ...(ocr && OCR_FORMATS.has(detectFormat(path)) ? { timeoutMs: OCR_FILE_TIMEOUT_MS } : {}),
      });
      return { chunks: result.chunks ?? [], ...(result.ocrPages ? { ocrPages: result.ocrPages } : {}) };
    },
    close: () => pool.close(),
  };
}

function windowsFor(spec: ChunkerSpec, max: number): ChunkerSpec['windows'] {
  if (!spec.windows) return undefined;
  const size = Math.min(spec.windows.size, max);
  return { size, overlap: Math.min(spec.windows.overlap, size - 1) };
}
