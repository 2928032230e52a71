// PDF headings from the document's outline (its bookmarks), where the PDF has one: a line on an entry's page that
// reads as the entry's title, alone or set on up to three lines, is a heading at the entry's depth. Type size
// (pdf-layout.ts headingSizes) still finds the headings an outline does not list, and those of PDFs without one.
import { lineText, type HeadingOf, type PdfLine } from './pdf-layout.js';
import type { PdfDocument } from './pdfjs.js';

/** Outline titles by 1-based page: each title's comparison key and depth (1 = top level). */
export type OutlinePages = Map<number, Array<{ key: string; level: number }>>;

const plainKey = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
/** The key two spellings of a title share: letters and digits only, lower case, without a leading section number. */
const titleKey = (text: string): string =>
  plainKey(text.replace(/^\s*(chapter|appendix|part)?\s*([0-9]+|[ivxlc]+)([.][0-9]+)*[.)]?\s+/i, ''));

const MAX_ENTRIES = 5000;
const MAX_LINES = 3;

/** The outline's entries by page; an empty map for a PDF without one, or whose destinations cannot be read. */
export async function readOutline(doc: PdfDocument): Promise<OutlinePages> {
  const pages: OutlinePages = new Map();
  const outline = await doc.getOutline().catch(() => null);
  let seen = 0;
  const walk = async (items: typeof outline, level: number): Promise<void> => {
    for (const item of items ?? []) {
      if (++seen > MAX_ENTRIES) return;
      try {
        const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest;
        const ref: unknown = Array.isArray(dest) ? dest[0] : null;
        const index =
          typeof ref === 'number'
            ? ref
            : ref && typeof ref === 'object'
              ? await doc.getPageIndex(ref as Parameters<PdfDocument['getPageIndex']>[0])
              : -1;
        const key = titleKey(item.title ?? '');
        if (index >= 0 && key) {
          const list = pages.get(index + 1) ?? [];
          list.push({ key, level: Math.min(6, level) });
          pages.set(index + 1, list);
        }
      } catch {
        // an entry whose destination is broken names no heading; the rest still do
      }
      await walk(item.items, level + 1);
    }
  };
  await walk(outline, 1);
  return pages;
}

/**
 * One page's headings: lines that read as an outline title of that page (or of the page before, for an entry
 * whose destination is the end of the previous page) at its depth; every other line as `fallback` says.
 */
export function outlineHeadings(lines: PdfLine[], titles: OutlinePages, page: number, fallback: HeadingOf): HeadingOf {
  const wanted = [...(titles.get(page) ?? []), ...(titles.get(page - 1) ?? [])];
  if (!wanted.length) return fallback;
  const marked = new Map<PdfLine, number>();
  const keys = lines.map((l) => titleKey(lineText(l)));
  for (let i = 0; i < lines.length; i++) {
    let joined = '';
    for (let n = 0; n < MAX_LINES && i + n < lines.length; n++) {
      joined += n === 0 ? keys[i] : plainKey(lineText(lines[i + n] as PdfLine));
      const hit = joined && wanted.find((w) => w.key === joined);
      if (hit) {
        for (let j = i; j <= i + n; j++) marked.set(lines[j] as PdfLine, hit.level);
        i += n;
        break;
      }
      if (!joined || !wanted.some((w) => w.key.startsWith(joined))) break;
    }
  }
  return (line) => marked.get(line) ?? fallback(line);
}
