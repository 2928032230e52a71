// The passage in its context, for the window's preview: a PDF page rendered with the passage marked on it, or
// the file's text (the source for text, Markdown, reST and code; the extracted text for every other format) with
// the passage's span, plus the file's passages in reading order for next and previous. Parsing and rendering run
// in a parser pool of their own (its timeouts and memory cap), never in the engine's thread.
import { stat } from 'node:fs/promises';
import { locationLabel } from '../common/location.js';
import type { FilePreview, PreviewPassage } from '../common/types.js';
import { detectFormat } from './ingest/formats.js';
import { ParserPool } from './parse/pool.js';
import type { VectorStore } from './store/vector-store.js';

/** Text beyond this is cut to a window around the passage (a preview is for reading, not for loading a book). */
export const PREVIEW_TEXT_MAX = 400_000;

export interface PreviewRequest {
  path: string;
  /** The passage to show, by its start offset; the file's first passage when absent. */
  start?: number;
}

export class PreviewService {
  private pool: ParserPool | null = null;
  /** The last file's text, by path, size and mtime: Next and Previous do not parse the same file again. */
  private last: { key: string; text: string } | null = null;

  constructor(private readonly store: () => Promise<VectorStore>) {}

  private parser(): ParserPool {
    this.pool ??= new ParserPool({ size: 1, timeoutMs: 60_000 });
    return this.pool;
  }

  async preview(req: PreviewRequest): Promise<FilePreview> {
    const chunks = await (await this.store()).fileChunks(req.path);
    const passages: PreviewPassage[] = chunks.map((c) => ({
      start: c.start,
      end: c.end,
      page: c.page,
      line: c.line,
      location: locationLabel(c),
      heading: c.heading,
    }));
    const at = Math.max(
      0,
      passages.findIndex((p) => p.start === req.start),
    );
    const current = chunks[at];
    const base = { path: req.path, passages, current: at };
    if (detectFormat(req.path) === 'pdf') {
      const page = current?.page ?? 1;
      const r = await this.parser().render(req.path, page, current?.text ?? '');
      return {
        ...base,
        kind: 'page',
        page: r.page,
        pages: r.pages,
        image: `data:image/png;base64,${r.png.toString('base64')}`,
        marked: r.marks.length > 0,
      };
    }
    let text = await this.fileText(req.path);
    let offset = 0;
    if (text.length > PREVIEW_TEXT_MAX) {
      const mid = current ? current.start : 0;
      offset = Math.max(0, Math.min(text.length - PREVIEW_TEXT_MAX, mid - PREVIEW_TEXT_MAX / 2));
      text = text.slice(offset, offset + PREVIEW_TEXT_MAX);
    }
    return { ...base, kind: 'text', text, offset };
  }

  private async fileText(path: string): Promise<string> {
    const st = await stat(path).catch(() => null);
    const key = `${path}\0${st?.size}\0${st?.mtimeMs}`;
    if (this.last?.key === key) return this.last.text;
    const text = (await this.parser().run(path, { withText: true })).text ?? '';
    this.last = { key, text };
    return text;
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }
}
