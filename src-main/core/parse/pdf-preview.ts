// A PDF page for the preview: rendered to PNG in a parse worker, with the passage's text items marked on it.
import { openPdf, renderToPng } from './pdfjs.js';
import type { TextItemLike } from './pdf-layout.js';

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
  const doc = await openPdf(data, 'cannot show this');
  try {
    const n = Math.min(Math.max(1, Math.round(pageNo)), doc.numPages);
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const items = content.items.filter((i): i is TextItemLike & (typeof content.items)[number] & { width: number } => 'str' in i);
    const marks: RenderedPage['marks'] = [];
    const scale = Math.min(3, width / page.getViewport({ scale: 1 }).width);
    const image = await renderToPng(doc, page, scale, (ctx, viewport) => {
      for (const i of passageItems(items, passage)) {
        const it = items[i]!;
        const [x = 0, y = 0] = [it.transform[4], it.transform[5]];
        const h = Math.abs(it.height || it.transform[3] || 10);
        const [x1, y1, x2, y2] = viewport.convertToViewportRectangle([
          x,
          y - h * 0.25,
          x + (it.width ?? 0),
          y + h * 0.95,
        ]) as number[];
        marks.push([Math.min(x1!, x2!), Math.min(y1!, y2!), Math.abs(x2! - x1!), Math.abs(y2! - y1!)]);
      }
      ctx.save();
      ctx.globalCompositeOperation = 'multiply';
      ctx.fillStyle = 'rgba(255, 214, 0, 0.55)';
      for (const [x, y, w, h] of marks) ctx.fillRect(x - 2, y - 1, w + 4, h + 2);
      ctx.restore();
    });
    page.cleanup();
    return { ...image, page: n, pages: doc.numPages, marks };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
