// Messages between ParserPool and its workers.
import type { Chunk } from '../../common/types.js';
import type { RenderedPage } from './pdf-preview.js';
import type { ParseOptions, ParsedDoc } from './problem.js';

export interface WorkerSetup {
  tokenizerPath?: string;
  maxTokens?: number;
  minTokens?: number;
  /** Fixed-size token windows instead of paragraph chunks (evaluation baseline). */
  windows?: { size: number; overlap: number };
}

export interface WorkerRequest {
  id: number;
  path: string;
  options: ParseOptions;
  chunk: boolean;
  /** Render this page of a PDF with the passage marked (the preview), instead of parsing. */
  render?: { page: number; passage: string };
}

export type WorkerReply =
  | { id: number; ok: true; doc: ParsedDoc; chunks?: Chunk[]; rendered?: RenderedPage }
  | { id: number; ok: false; state: 'skipped' | 'failed'; message: string };
