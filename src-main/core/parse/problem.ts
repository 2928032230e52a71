import type { Block } from '../../common/types.js';

export interface ParsedDoc {
  format: string;
  blocks: Block[];
  /** Pages (or the image) whose text was read by OCR. */
  ocrPages?: number;
  /** With `withText`: the text the blocks' offsets point into (the decoded source, or the extracted text). */
  text?: string;
}

export interface ParseOptions {
  /** Files larger than this are skipped before being read. */
  maxBytes?: number;
  /** Zip-bomb guard for DOCX: the most the archive may expand to. Default 256 MB. */
  maxExpandedBytes?: number;
  /** Read images and PDF pages without a text layer by OCR. Default off here; on in the app's settings. */
  ocr?: boolean;
  /** The most OCR may spend on one page or image. Default 60 s. */
  ocrPageTimeoutMs?: number;
  /** Also return the text the offsets point into (the preview). */
  withText?: boolean;
}

/** A file we cannot index, with a one-line reason the user can act on. Not a bug: shown in the problems list. */
export class FileProblem extends Error {
  constructor(
    readonly state: 'skipped' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'FileProblem';
  }
}

/** Maps a filesystem error to a FileProblem; anything else is rethrown as is. */
export function fsProblem(err: unknown): never {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') throw new FileProblem('failed', 'permission denied');
  if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileProblem('failed', 'file disappeared while indexing');
  if (code === 'EISDIR') throw new FileProblem('skipped', 'is a folder');
  throw err;
}
