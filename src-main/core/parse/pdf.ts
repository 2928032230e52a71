// PDF via pdfjs-dist (legacy build for Node; no worker thread of its own, no eval).
// Text items are grouped into lines by baseline, lines into paragraphs by vertical gaps over ~1.5x the line height.
import type { Block } from '../../common/types.js';
import { FileProblem } from './problem.js';

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

export async function parsePdf(data: Uint8Array): Promise<Block[]> {
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
    const blocks: Block[] = [];
    let offset = 0;
    for (let p = 1; p <= doc.numPages; p++) {
      let items: TextItemLike[];
      try {
        const page = await doc.getPage(p);
        const content = await page.getTextContent();
        items = content.items.filter((i): i is TextItemLike & (typeof content.items)[number] => 'str' in i);
        page.cleanup();
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new FileProblem('failed', `corrupt PDF: page ${p}: ${msg.split('\n')[0]}`);
      }
      for (const text of pageParagraphs(items)) {
        if (blocks.length > 0) offset += 2;
        blocks.push({ kind: 'paragraph', text, page: p, start: offset, end: offset + text.length });
        offset += text.length;
      }
    }
    if (blocks.length === 0) throw new FileProblem('skipped', 'PDF has no text layer (scanned?)');
    return blocks;
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
