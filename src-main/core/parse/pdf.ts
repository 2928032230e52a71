// PDF via pdfjs-dist (legacy build for Node; no worker thread of its own, no eval).
// Text items are grouped into lines by baseline, lines into paragraphs by vertical gaps over ~1.5x the line height.
// A page with no text but with images (a scan) is rendered (pdf.js onto @napi-rs/canvas) and read by OCR.
import type { Block } from '../../common/types.js';
import { BlockBuilder } from './blocks.js';
import { addOcrText, isReadable, recognize } from './ocr.js';
import { FileProblem } from './problem.js';

/** Scans are rendered at 200 dpi (Tesseract reads 10-12 pt text best between 200 and 300), capped in pixels. */
const OCR_SCALE = 200 / 72;
const OCR_MAX_PIXELS = 16_000_000;

export interface PdfOptions {
  ocr?: boolean;
  ocrPageTimeoutMs?: number;
}

interface TextItemLike {
  str: string;
  transform: number[];
  height: number;
  hasEOL?: boolean;
}

interface PdfLine {
  y: number;
  height: number;
  parts: string[];
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

/** Groups one page's text items into paragraphs. */
export function pageParagraphs(items: TextItemLike[]): string[] {
  const lines: PdfLine[] = [];
  let cur: PdfLine | null = null;
  for (const it of items) {
    const y = it.transform[5] ?? 0;
    const h = Math.abs(it.height || it.transform[3] || 0) || 10;
    if (!cur || Math.abs(y - cur.y) > h * 0.5) {
      if (!it.str.trim() && !cur) continue;
      cur = { y, height: h, parts: [] };
      lines.push(cur);
    }
    cur.height = Math.max(cur.height, h);
    cur.parts.push(it.str);
    if (it.hasEOL) cur = null;
  }
  const paragraphs: string[] = [];
  let para: string[] = [];
  let prev: PdfLine | null = null;
  const flush = (): void => {
    const text = para.join(' ').replace(/\s+/g, ' ').trim();
    if (text) paragraphs.push(text);
    para = [];
  };
  for (const line of lines) {
    const text = line.parts.join('');
    if (!text.trim()) continue;
    if (prev) {
      const gap = Math.abs(prev.y - line.y);
      if (gap > 1.5 * Math.max(prev.height, line.height) * 1.2) flush();
    }
    // Re-join words hyphenated across lines.
    const last = para[para.length - 1];
    if (last !== undefined && /[a-z]-$/.test(last) && /^[a-z]/.test(text.trimStart())) {
      para[para.length - 1] = last.slice(0, -1) + text.trimStart();
    } else {
      para.push(text);
    }
    prev = line;
  }
  flush();
  return paragraphs;
}

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfJs['getDocument']>['promise']>['getPage']>>;

/** Whether a page paints an image: a page without text that does is a scan worth reading by OCR. */
async function paintsImage(pdfjs: PdfJs, page: PdfPage): Promise<boolean> {
  const ops = await page.getOperatorList();
  const painting = new Set([pdfjs.OPS.paintImageXObject, pdfjs.OPS.paintInlineImageXObject, pdfjs.OPS.paintImageMaskXObject, pdfjs.OPS.paintImageXObjectRepeat]);
  return ops.fnArray.some((op) => painting.has(op));
}

async function renderPage(page: PdfPage, factory: unknown): Promise<Buffer> {
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(OCR_SCALE, Math.sqrt(OCR_MAX_PIXELS / Math.max(1, base.width * base.height)));
  const viewport = page.getViewport({ scale });
  const f = factory as { create(w: number, h: number): { canvas: { toBuffer(type: string): Buffer }; context: unknown }; destroy(c: unknown): void };
  const target = f.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  try {
    await page.render({ canvasContext: target.context, viewport, canvas: target.canvas } as unknown as Parameters<PdfPage['render']>[0]).promise;
    return target.canvas.toBuffer('image/png');
  } finally {
    f.destroy(target);
  }
}

export interface PdfResult {
  blocks: Block[];
  /** Pages whose text came from OCR. */
  ocrPages: number;
}

export async function parsePdf(data: Uint8Array, opts: PdfOptions = {}): Promise<PdfResult> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    const name = (err as { name?: string } | null)?.name;
    if (name === 'PasswordException') throw new FileProblem('failed', 'PDF is password-protected');
    const msg = err instanceof Error ? err.message : String(err);
    throw new FileProblem('failed', `corrupt PDF: ${msg.split('\n')[0]}`);
  }
  try {
    const out = new BlockBuilder();
    let ocrPages = 0;
    let scans = 0;
    let ocrProblem: FileProblem | null = null;
    for (let p = 1; p <= doc.numPages; p++) {
      let paragraphs: string[];
      let page: PdfPage;
      try {
        page = await doc.getPage(p);
        const content = await page.getTextContent();
        paragraphs = pageParagraphs(content.items.filter((i): i is TextItemLike & (typeof content.items)[number] => 'str' in i));
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new FileProblem('failed', `corrupt PDF: page ${p}: ${msg.split('\n')[0]}`);
      }
      for (const text of paragraphs) out.paragraph(text, { page: p });
      if (!paragraphs.length && (await paintsImage(pdfjs, page).catch(() => false))) {
        scans++;
        if (opts.ocr) {
          try {
            const r = await recognize(await renderPage(page, doc.canvasFactory), opts.ocrPageTimeoutMs);
            if (isReadable(r)) {
              addOcrText(out, r.text, p);
              ocrPages++;
            }
          } catch (err) {
            // one unreadable page does not lose the others
            ocrProblem = err instanceof FileProblem ? err : new FileProblem('failed', `OCR failed on page ${p}`);
          }
        }
      }
      page.cleanup();
    }
    if (out.blocks.length === 0) {
      if (scans && !opts.ocr) throw new FileProblem('skipped', 'scanned PDF: turn on OCR in Settings to read it');
      if (ocrProblem) throw ocrProblem;
      if (scans) throw new FileProblem('skipped', 'scanned PDF: no readable text found by OCR');
      throw new FileProblem('skipped', 'PDF has no text layer (scanned?)');
    }
    return { blocks: out.blocks, ocrPages };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
