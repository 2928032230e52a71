// OCR for images and for PDF pages without a text layer: tesseract.js (Tesseract 5 compiled to WebAssembly, run in
// a worker thread of its own, no native build) with the English LSTM model from npm (@tesseract.js-data/eng,
// 4.0.0_best_int), read from disk: nothing is fetched at run time. One engine per parse worker, made on first use
// and ended after a minute idle; a page that runs past its time limit ends the engine (the next page makes another).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Worker as OcrWorker } from 'tesseract.js';
import type { Block } from '../../common/types.js';
import { BlockBuilder } from './blocks.js';
import { FileProblem } from './problem.js';

export const DEFAULT_OCR_PAGE_TIMEOUT_MS = 60_000;
const IDLE_MS = 60_000;
/** Below this mean word confidence (0-100) a page is taken to hold no text: a photo, a drawing, noise. */
const MIN_CONFIDENCE = 55;

export interface OcrText {
  text: string;
  confidence: number;
}

const require = createRequire(import.meta.url);

function langPath(): string {
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

let engine: Promise<OcrWorker> | null = null;
let idle: NodeJS.Timeout | null = null;
/** Read through a function: `end()` may have cleared it while a page was being read. */
const running = (): boolean => engine !== null;

async function start(): Promise<OcrWorker> {
  const { createWorker, OEM } = await import('tesseract.js');
  return createWorker('eng', OEM.LSTM_ONLY, {
    langPath: langPath(),
    gzip: true,
    cacheMethod: 'none', // the model is read from node_modules each time; nothing is written beside it
    errorHandler: () => undefined, // errors reach recognize()'s promise; none is printed
  });
}

function end(): void {
  const e = engine;
  engine = null;
  if (idle) clearTimeout(idle);
  idle = null;
  void e?.then((w) => w.terminate()).catch(() => undefined);
}

/** Ends the OCR engine now (tests, and a parse worker shutting down). */
export function endOcr(): void {
  end();
}

/**
 * The text of one image (PNG, JPEG, TIFF, WebP, BMP bytes). Throws FileProblem('failed') when the bytes are not
 * an image Tesseract can decode or the page runs past `timeoutMs`.
 */
export async function recognize(image: Buffer, timeoutMs = DEFAULT_OCR_PAGE_TIMEOUT_MS): Promise<OcrText> {
  if (idle) clearTimeout(idle);
  engine ??= start();
  let timer: NodeJS.Timeout | null = null;
  try {
    const worker = await engine;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new FileProblem('failed', `OCR took longer than ${Math.round(timeoutMs / 1000)} s on a page`)),
        timeoutMs,
      );
    });
    const { data } = await Promise.race([worker.recognize(image), timedOut]);
    return { text: data.text ?? '', confidence: data.confidence ?? 0 };
  } catch (err) {
    end(); // a timed-out or crashed engine is not reused
    if (err instanceof FileProblem) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new FileProblem(
      'failed',
      /image|read|decode|pix/i.test(msg) ? 'not an image OCR can read' : `OCR failed (${msg.split('\n')[0]})`,
    );
  } finally {
    if (timer) clearTimeout(timer);
    if (running()) {
      idle = setTimeout(end, IDLE_MS);
      idle.unref();
    }
  }
}

/** Whether recognised text is worth indexing: confident enough, and more than a few stray letters. */
export function isReadable(r: OcrText): boolean {
  const words = r.text.match(/\p{L}{2,}/gu) ?? [];
  return r.confidence >= MIN_CONFIDENCE && words.length >= 3;
}

/**
 * Recognised text as blocks: paragraphs at blank lines, a paragraph's lines joined, words hyphenated across a line
 * end rejoined.
 */
export function addOcrText(out: BlockBuilder, text: string, page?: number): void {
  for (const para of text.split(/\n\s*\n/)) {
    const joined = para
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .reduce(
        (acc, line) => (/\p{Ll}-$/u.test(acc) && /^\p{Ll}/u.test(line) ? acc.slice(0, -1) + line : acc ? `${acc} ${line}` : line),
        '',
      );
    out.paragraph(joined, page === undefined ? {} : { page });
  }
}

/** Whether the bytes start like an image Tesseract decodes (PNG, JPEG, TIFF, WebP, BMP), whatever the file's name. */
export function looksLikeImage(b: Buffer): boolean {
  const ascii = (from: number, to: number): string => b.subarray(from, to).toString('latin1');
  return (
    ascii(0, 8) === '\x89PNG\r\n\x1a\n' ||
    (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) ||
    ascii(0, 4) === 'II*\0' ||
    ascii(0, 4) === 'MM\0*' ||
    (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') ||
    ascii(0, 2) === 'BM'
  );
}

/** An image file: its text by OCR, or skipped when OCR is off or finds no readable text. */
export async function parseImage(buf: Buffer, ocr: boolean, timeoutMs?: number): Promise<Block[]> {
  // checked first, so that junk never reaches the decoder (which prints its complaints)
  if (!looksLikeImage(buf)) throw new FileProblem('failed', 'not a PNG, JPEG, TIFF, WebP or BMP image');
  if (!ocr) throw new FileProblem('skipped', 'an image: turn on OCR in Settings to read its text');
  const r = await recognize(buf, timeoutMs);
  if (!isReadable(r)) throw new FileProblem('skipped', 'no readable text found by OCR');
  const out = new BlockBuilder();
  addOcrText(out, r.text);
  return out.blocks;
}
