// PDF: each page's text items become lines and paragraphs (pdf-layout.ts), without the document's running headers,
// footers, page numbers and contents pages, with headings from the outline and type size, tables as rows. A page
// with no text but with images (a scan) is rendered (pdf.js onto @napi-rs/canvas) and read by OCR.
import type { Block } from '../../common/types.js';
import { BlockBuilder } from './blocks.js';
import { addOcrText, isReadable, recognize } from './ocr.js';
import { furniture, headingSizes, linesToParagraphs, pageLines, type PdfLine, type TextItemLike } from './pdf-layout.js';
import { outlineHeadings, readOutline } from './pdf-outline.js';
import { loadPdfJs, openPdf, renderToPng, type PdfDocument, type PdfJs, type PdfPage } from './pdfjs.js';
import { FileProblem } from './problem.js';

/** Scans are rendered at 200 dpi (Tesseract reads 10-12 pt text best between 200 and 300), capped in pixels. */
const OCR_SCALE = 200 / 72;
const OCR_MAX_PIXELS = 16_000_000;

export interface PdfOptions {
  ocr?: boolean;
  ocrPageTimeoutMs?: number;
}

/** Whether a page paints an image: a page without text that does is a scan worth reading by OCR. */
async function paintsImage(pdfjs: PdfJs, page: PdfPage): Promise<boolean> {
  const ops = await page.getOperatorList();
  const painting = new Set([
    pdfjs.OPS.paintImageXObject,
    pdfjs.OPS.paintInlineImageXObject,
    pdfjs.OPS.paintImageMaskXObject,
    pdfjs.OPS.paintImageXObjectRepeat,
  ]);
  return ops.fnArray.some((op) => painting.has(op));
}

/** A scanned page as an image for OCR: 200 dpi, fewer pixels for a huge page. */
async function scanImage(doc: PdfDocument, page: PdfPage): Promise<Buffer> {
  const base = page.getViewport({ scale: 1 });
  const scale = Math.min(OCR_SCALE, Math.sqrt(OCR_MAX_PIXELS / Math.max(1, base.width * base.height)));
  return (await renderToPng(doc, page, scale)).png;
}

export interface PdfResult {
  blocks: Block[];
  /** Pages whose text came from OCR. */
  ocrPages: number;
}

export async function parsePdf(data: Uint8Array, opts: PdfOptions = {}): Promise<PdfResult> {
  const pdfjs = await loadPdfJs();
  const doc = await openPdf(data);
  try {
    // first pass: every page's lines (the document's furniture and type sizes need all of them)
    const pages: PdfLine[][] = [];
    const scans: boolean[] = [];
    const monoFonts = new Set<string>();
    for (let p = 1; p <= doc.numPages; p++) {
      try {
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        for (const [name, style] of Object.entries(content.styles))
          if (/mono|courier/i.test(style.fontFamily)) monoFonts.add(name);
        const lines = pageLines(
          content.items.filter((i): i is TextItemLike & (typeof content.items)[number] => 'str' in i),
          monoFonts,
        );
        pages.push(lines);
        scans.push(!lines.length && (await paintsImage(pdfjs, page).catch(() => false)));
        page.cleanup();
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new FileProblem('failed', `corrupt PDF: page ${p}: ${msg.split('\n')[0]}`);
      }
    }
    const drop = furniture(pages);
    const bySize = headingSizes(pages);
    const outline = await readOutline(doc);
    const tableCarry = { table: null };
    const out = new BlockBuilder();
    let ocrPages = 0;
    let ocrProblem: FileProblem | null = null;
    for (let p = 1; p <= doc.numPages; p++) {
      const kept = (pages[p - 1] ?? []).filter((l) => !drop[p - 1]?.has(l));
      for (const para of linesToParagraphs(kept, outlineHeadings(kept, outline, p, bySize), tableCarry)) {
        if (para.level !== undefined) out.heading(para.text, para.level, { page: p });
        else out.paragraph(para.text, { page: p });
      }
      if (scans[p - 1] && opts.ocr) {
        try {
          const page = await doc.getPage(p);
          const r = await recognize(await scanImage(doc, page), opts.ocrPageTimeoutMs);
          page.cleanup();
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
    if (!out.blocks.some((b) => b.kind === 'paragraph')) {
      const scanned = scans.some(Boolean);
      if (scanned && !opts.ocr) throw new FileProblem('skipped', 'scanned PDF: turn on OCR in Settings to read it');
      if (ocrProblem) throw ocrProblem;
      if (scanned) throw new FileProblem('skipped', 'scanned PDF: no readable text found by OCR');
      if (out.blocks.length) return { blocks: out.blocks.map(({ level: _l, ...b }) => ({ ...b, kind: 'paragraph' })), ocrPages };
      throw new FileProblem('skipped', 'PDF has no text layer (scanned?)');
    }
    return { blocks: out.blocks, ocrPages };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
