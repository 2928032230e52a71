// PDF via pdfjs-dist (legacy build for Node; no worker thread of its own, no eval).
// Text items are grouped into lines by baseline, lines into paragraphs by vertical gaps over ~1.5x the line height.
// A page with no text but with images (a scan) is rendered (pdf.js onto @napi-rs/canvas) and read by OCR.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
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
  /** Every item of the line is in a monospaced font: code, kept line by line. */
  mono: boolean;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
/** pdf.js's own copies of the 14 standard fonts: a PDF that uses Helvetica without embedding it renders with them. */
let fontDir: string | undefined;
function standardFontDataUrl(): string {
  fontDir ??= join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + sep;
  return fontDir;
}
let pdfjsPromise: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

/** One page's text items as lines, by baseline. `monoFonts` names the fonts pdf.js reports as monospaced. */
export function pageLines(items: Array<TextItemLike & { fontName?: string }>, monoFonts: Set<string> = new Set()): PdfLine[] {
  const lines: PdfLine[] = [];
  let cur: PdfLine | null = null;
  for (const it of items) {
    const y = it.transform[5] ?? 0;
    const h = Math.abs(it.height || it.transform[3] || 0) || 10;
    if (!cur || Math.abs(y - cur.y) > h * 0.5) {
      if (!it.str.trim() && !cur) continue;
      cur = { y, height: h, parts: [], mono: true };
      lines.push(cur);
    }
    if (it.str.trim()) {
      cur.height = Math.max(cur.height, h);
      cur.mono &&= it.fontName !== undefined && monoFonts.has(it.fontName);
    }
    cur.parts.push(it.str);
    if (it.hasEOL) cur = null;
  }
  return lines.filter((l) => l.parts.join('').trim());
}

const lineText = (l: PdfLine): string => l.parts.join('');

export interface PdfParagraph {
  text: string;
  /** A heading, and its level (1 = the largest type on the document's headings). */
  level?: number;
}

/**
 * Groups one page's lines into paragraphs: a vertical gap over ~1.5x the line height starts a new one; a line set
 * larger than the body text (`headingLevel` says how much) is a heading of its own; consecutive code lines keep
 * their line breaks; a word hyphenated at a line end is rejoined.
 */
export function linesToParagraphs(lines: PdfLine[], headingLevel: (height: number, text: string) => number | undefined = () => undefined): PdfParagraph[] {
  const paragraphs: PdfParagraph[] = [];
  let para: string[] = [];
  let code = false;
  let prev: PdfLine | null = null;
  const flush = (): void => {
    const text = code ? para.join('\n').replace(/[ \t]+$/gm, '').replace(/^\n+|\s+$/g, '') : para.join(' ').replace(/\s+/g, ' ').trim();
    if (text) paragraphs.push({ text });
    para = [];
  };
  for (const line of lines) {
    const text = lineText(line);
    const level = headingLevel(line.height, text.trim());
    if (level !== undefined) {
      flush();
      const last = paragraphs[paragraphs.length - 1];
      // a heading set on two lines is one heading
      if (last?.level === level && prev && Math.abs(prev.y - line.y) <= 1.5 * line.height && headingLevel(prev.height, lineText(prev).trim()) === level) {
        last.text = `${last.text} ${text.trim()}`.replace(/\s+/g, ' ');
      } else {
        paragraphs.push({ text: text.replace(/\s+/g, ' ').trim(), level });
      }
      prev = line;
      continue;
    }
    if (prev) {
      const gap = Math.abs(prev.y - line.y);
      const wasHeading = headingLevel(prev.height, lineText(prev).trim()) !== undefined;
      if (wasHeading || gap > 1.5 * Math.max(prev.height, line.height) * 1.2 || line.mono !== code) flush();
    }
    code = line.mono;
    // Re-join words hyphenated across lines.
    const last = para[para.length - 1];
    if (!code && last !== undefined && /[a-z]-$/.test(last) && /^[a-z]/.test(text.trimStart())) {
      para[para.length - 1] = last.slice(0, -1) + text.trimStart();
    } else {
      para.push(code ? text : text.trim());
    }
    prev = line;
  }
  flush();
  return paragraphs;
}

/** Groups one page's text items into paragraphs (no headings, no code). */
export function pageParagraphs(items: TextItemLike[]): string[] {
  return linesToParagraphs(pageLines(items)).map((p) => p.text);
}

/** A line's text with its numbers made alike, so "Guide 12" and "Guide xiv" are the same running header. */
function runningKey(text: string): string {
  return text
    .replace(/\b[0-9]+\b/g, '#')
    .replace(/\b[ivxlc]+\b/gi, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const PAGE_NUMBER = /^\s*((page|p\.)\s*)?([0-9]{1,4}|[ivxlc]{1,7})(\s*(of|\/)\s*[0-9]{1,4})?\s*$/i;
/** A table-of-contents line: a title, dot leaders, a page number. */
const LEADER_LINE = /(\.\s?){4,}\s*([0-9]{1,4}|[ivxlc]{1,7})\s*$/i;

/**
 * The lines to drop across a document: running headers and footers (a page's first or last two lines, the same on
 * three or more pages and 5 % of them once numbers are ignored), page numbers alone at a page's top or bottom, and contents pages (where a
 * third or more of the lines are title ... page entries).
 */
export function furniture(pages: PdfLine[][]): Array<Set<PdfLine>> {
  const edges = (lines: PdfLine[]): PdfLine[] => [...new Set([...lines.slice(0, 2), ...lines.slice(-2)])];
  const count = new Map<string, number>();
  for (const lines of pages) {
    for (const key of new Set(edges(lines).map((l) => runningKey(lineText(l))))) count.set(key, (count.get(key) ?? 0) + 1);
  }
  const withText = pages.filter((l) => l.length).length;
  const repeated = (l: PdfLine): boolean => (count.get(runningKey(lineText(l))) ?? 0) >= Math.max(3, withText * 0.05);
  return pages.map((lines) => {
    const drop = new Set<PdfLine>();
    const leaders = lines.filter((l) => LEADER_LINE.test(lineText(l)));
    if (leaders.length >= 3 && leaders.length >= lines.length * 0.3) return new Set(lines);
    for (const l of edges(lines)) if (repeated(l) || PAGE_NUMBER.test(lineText(l))) drop.add(l);
    return drop;
  });
}

/**
 * Heading levels from type size: the body size is the one most text is set in; lines set at least 15 % larger, and
 * short, are headings, the largest such size level 1.
 */
export function headingSizes(pages: PdfLine[][]): (height: number, text: string) => number | undefined {
  const chars = new Map<number, number>();
  for (const lines of pages) for (const l of lines) chars.set(Math.round(l.height * 2) / 2, (chars.get(Math.round(l.height * 2) / 2) ?? 0) + lineText(l).length);
  const body = [...chars].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (body === undefined) return () => undefined;
  const sizes = [...chars.keys()].filter((h) => h >= body * 1.15).sort((a, b) => b - a);
  return (height, text) => {
    const at = sizes.indexOf(Math.round(height * 2) / 2);
    if (at === -1 || text.length > 120 || !/\p{L}/u.test(text) || LEADER_LINE.test(text)) return undefined;
    return Math.min(6, at + 1);
  };
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
    // first pass: every page's lines (the document's furniture and type sizes need all of them)
    const pages: PdfLine[][] = [];
    const scans: boolean[] = [];
    const monoFonts = new Set<string>();
    for (let p = 1; p <= doc.numPages; p++) {
      try {
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        for (const [name, style] of Object.entries(content.styles)) if (/mono|courier/i.test(style.fontFamily)) monoFonts.add(name);
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
    const headingLevel = headingSizes(pages);
    const out = new BlockBuilder();
    let ocrPages = 0;
    let ocrProblem: FileProblem | null = null;
    for (let p = 1; p <= doc.numPages; p++) {
      const kept = (pages[p - 1] ?? []).filter((l) => !drop[p - 1]?.has(l));
      for (const para of linesToParagraphs(kept, headingLevel)) {
        if (para.level !== undefined) out.heading(para.text, para.level, { page: p });
        else out.paragraph(para.text, { page: p });
      }
      if (scans[p - 1] && opts.ocr) {
        try {
          const page = await doc.getPage(p);
          const r = await recognize(await renderPage(page, doc.canvasFactory), opts.ocrPageTimeoutMs);
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

export interface RenderedPage {
  png: Buffer;
  page: number;
  pages: number;
  width: number;
  height: number;
  /** Highlight boxes drawn, in image pixels (empty when the passage could not be placed on the page). */
  marks: Array<[number, number, number, number]>;
}

/** Letters and digits only, lower-cased: how a passage and a page's items are compared (spacing, hyphens and
 * punctuation differ between the indexed text and the page's items). */
const letters = (t: string): string => t.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The text items of a page that hold `passage`: from the item where its first letters begin to the one where its
 * last letters end. A passage is made of whole lines of the page, so both ends are found unless the page's text
 * differs from the indexed one (the file changed since): then nothing is marked.
 */
export function passageItems(items: TextItemLike[], passage: string): number[] {
  const want = letters(passage);
  if (!want) return [];
  let flat = '';
  const owner: number[] = [];
  items.forEach((it, i) => {
    const l = letters(it.str);
    flat += l;
    for (let j = 0; j < l.length; j++) owner.push(i);
  });
  const k = Math.min(32, want.length);
  const first = flat.indexOf(want.slice(0, k));
  if (first === -1) return [];
  const tail = flat.indexOf(want.slice(-k), first);
  const last = tail === -1 ? Math.min(flat.length - 1, first + want.length - 1) : tail + k - 1;
  const from = owner[first]!;
  const to = owner[last]!;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((i) => items[i]!.str.trim());
}

/** Renders one page to PNG (about `width` pixels wide) with `passage` marked on it, for the preview. */
export async function renderPdfPage(data: Uint8Array, pageNo: number, passage: string, width = 1100): Promise<RenderedPage> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({ data, isEvalSupported: false, verbosity: 0, stopAtErrors: false, standardFontDataUrl: standardFontDataUrl() });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    const msg = err instanceof Error ? err.message : String(err);
    throw new FileProblem('failed', `cannot show this PDF: ${msg.split('\n')[0]}`);
  }
  try {
    const n = Math.min(Math.max(1, Math.round(pageNo)), doc.numPages);
    const page = await doc.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: Math.min(3, width / base.width) });
    const f = doc.canvasFactory as {
      create(w: number, h: number): { canvas: { toBuffer(type: string): Buffer }; context: CanvasLike };
      destroy(c: unknown): void;
    };
    const target = f.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    try {
      await page.render({ canvasContext: target.context, viewport, canvas: target.canvas } as unknown as Parameters<PdfPage['render']>[0]).promise;
      const content = await page.getTextContent();
      const items = content.items.filter((i): i is TextItemLike & (typeof content.items)[number] & { width: number } => 'str' in i);
      const marks: RenderedPage['marks'] = [];
      for (const i of passageItems(items, passage)) {
        const it = items[i]!;
        const [x = 0, y = 0] = [it.transform[4], it.transform[5]];
        const h = Math.abs(it.height || it.transform[3] || 10);
        const [x1, y1, x2, y2] = viewport.convertToViewportRectangle([x, y - h * 0.25, x + (it.width ?? 0), y + h * 0.95]) as number[];
        marks.push([Math.min(x1!, x2!), Math.min(y1!, y2!), Math.abs(x2! - x1!), Math.abs(y2! - y1!)]);
      }
      const ctx = target.context;
      ctx.save();
      ctx.globalCompositeOperation = 'multiply';
      ctx.fillStyle = 'rgba(255, 214, 0, 0.55)';
      for (const [x, y, w, h] of marks) ctx.fillRect(x - 2, y - 1, w + 4, h + 2);
      ctx.restore();
      page.cleanup();
      return { png: target.canvas.toBuffer('image/png'), page: n, pages: doc.numPages, width: Math.ceil(viewport.width), height: Math.ceil(viewport.height), marks };
    } finally {
      f.destroy(target);
    }
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

interface CanvasLike {
  save(): void;
  restore(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  globalCompositeOperation: string;
  fillStyle: string;
}
