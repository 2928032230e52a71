// pdf.js (pdfjs-dist, legacy build for Node: no worker thread of its own, no eval) as the parser and the preview use
// it: loaded once, a document opened with its failures said in one line, a page rendered onto @napi-rs/canvas.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { FileProblem } from './problem.js';

export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
export type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

let pdfjsPromise: Promise<PdfJs> | null = null;
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

/** pdf.js's own copies of the 14 standard fonts: a PDF that uses Helvetica without embedding it renders with them. */
let fontDir: string | undefined;
function standardFontDataUrl(): string {
  fontDir ??= join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + sep;
  return fontDir;
}

/**
 * Opens a PDF, or throws a FileProblem: "PDF is password-protected", or "<what> PDF: <pdf.js's first line>".
 * The caller destroys the document.
 */
export async function openPdf(data: Uint8Array, what = 'corrupt'): Promise<PdfDocument> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
    standardFontDataUrl: standardFontDataUrl(),
  });
  try {
    return await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    if ((err as { name?: string } | null)?.name === 'PasswordException')
      throw new FileProblem('failed', 'PDF is password-protected');
    const msg = err instanceof Error ? err.message : String(err);
    throw new FileProblem('failed', `${what} PDF: ${msg.split('\n')[0]}`);
  }
}

/** The 2D context calls used on a rendered page (the preview's marks). */
export interface Canvas2D {
  save(): void;
  restore(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  globalCompositeOperation: string;
  fillStyle: string;
}

type Viewport = ReturnType<PdfPage['getViewport']>;

/** Renders a page at `scale` (pixels per point) to PNG; `draw` may paint over it first (in viewport pixels). */
export async function renderToPng(
  doc: PdfDocument,
  page: PdfPage,
  scale: number,
  draw?: (ctx: Canvas2D, viewport: Viewport) => void,
): Promise<{ png: Buffer; width: number; height: number }> {
  const viewport = page.getViewport({ scale });
  const factory = doc.canvasFactory as {
    create(w: number, h: number): { canvas: { toBuffer(type: string): Buffer }; context: Canvas2D };
    destroy(c: unknown): void;
  };
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const target = factory.create(width, height);
  try {
    await page.render({ canvasContext: target.context, viewport, canvas: target.canvas } as unknown as Parameters<
      PdfPage['render']
    >[0]).promise;
    draw?.(target.context, viewport);
    return { png: target.canvas.toBuffer('image/png'), width, height };
  } finally {
    factory.destroy(target);
  }
}
