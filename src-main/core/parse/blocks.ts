// Builds a file's blocks for formats whose text is extracted (not sliced from the source): each block's text is
// appended to the file's extracted text, blocks separated by a blank line, and its offsets point into that text.
import type { Block } from '../../common/types.js';
import { BLOCK_SEPARATOR } from './html.js';

export interface Place {
  /** Slide, chapter, sheet or message number (1-based): the unit a chunk never crosses. */
  page?: number;
  /** Row (spreadsheets) or line. */
  line?: number;
  /** A record (a spreadsheet row, say) that is its own passage, never merged with its neighbours. */
  standalone?: boolean;
}

export class BlockBuilder {
  readonly blocks: Block[] = [];
  private offset = 0;

  heading(text: string, level: number, place: Place = {}): void {
    this.push({ kind: 'heading', level: Math.max(1, Math.min(6, level)) }, text, place);
  }

  paragraph(text: string, place: Place = {}): void {
    this.push({ kind: 'paragraph' }, text, place);
  }

  private push(kind: Pick<Block, 'kind' | 'level'>, raw: string, place: Place): void {
    const text = raw
      .replace(/[ \t\f\v\r\u00a0]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (!text) return;
    if (this.blocks.length > 0) this.offset += BLOCK_SEPARATOR.length;
    const start = this.offset;
    this.offset += text.length;
    const block: Block = { ...kind, text, start, end: this.offset };
    if (place.page !== undefined) block.page = place.page;
    if (place.line !== undefined) block.line = place.line;
    if (place.standalone) block.standalone = true;
    this.blocks.push(block);
  }
}

/** A header row names things: every cell a few words with a letter in it, no sentence. */
const HEADER_CELL = /^(?=.*\p{L})\S+( \S+){0,4}$/u;
export const readsAsHeader = (cells: string[]): boolean => cells.every((c) => HEADER_CELL.test(c) && !/[.;]$/.test(c));

/**
 * A table's rows as text that stands on its own (spreadsheets, CSV, and the tables of HTML, EPUB, DOCX, ODT and
 * RTF): the first row with two or more values is the header, kept as a row of its own; each later row names its
 * values by it ("Item: copper wire; Warehouse: Gull Island depot"); values without a header are given as they are.
 */
export class HeaderedRows {
  private header: string[] | null = null;

  /** `headed` false: a table without a header row, whose rows are their values. */
  constructor(private readonly headed = true) {}

  /** The row's text, or null for an empty row. */
  text(cells: string[]): string | null {
    const filled = cells.map((c) => c.trim()).filter(Boolean);
    if (!filled.length) return null;
    if (!this.headed) return filled.join('; ');
    if (!this.header && filled.length >= 2) {
      this.header = cells;
      return filled.join('; ');
    }
    const parts: string[] = [];
    cells.forEach((v, i) => {
      const value = v.trim();
      if (!value) return;
      const name = this.header?.[i]?.trim();
      parts.push(name && name !== value ? `${name}: ${value}` : value);
    });
    return parts.join('; ');
  }
}

/**
 * Rows of one sheet (or CSV) as blocks, each a standalone passage (HeaderedRows says their text). `rowNumber` is the
 * spreadsheet's 1-based row, `sheet` its 1-based position (undefined for a CSV).
 */
export function sheetBlocks(out: BlockBuilder, rows: Array<{ cells: string[]; rowNumber: number }>, sheet?: number): void {
  const table = new HeaderedRows();
  for (const { cells, rowNumber } of rows) {
    const text = table.text(cells);
    if (text !== null)
      out.paragraph(text, { line: rowNumber, standalone: true, ...(sheet === undefined ? {} : { page: sheet }) });
  }
}
