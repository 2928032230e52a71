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
    const text = raw.replace(/[ \t\f\v\r\u00a0]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim();
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

/**
 * A spreadsheet row as a passage that stands on its own: each value after its column's header
 * ("Item: copper wire; Warehouse: Gull Island depot"); values without a header, or a sheet without one, as they are.
 */
export function rowText(header: string[] | null, cells: string[]): string {
  const parts: string[] = [];
  cells.forEach((v, i) => {
    const value = v.trim();
    if (!value) return;
    const name = header?.[i]?.trim();
    parts.push(name && name !== value ? `${name}: ${value}` : value);
  });
  return parts.join('; ');
}

/**
 * Rows of one sheet (or CSV) as blocks: the first row with two or more values is taken as the header (a block of
 * its own, so the names are findable too), and every later row becomes one standalone passage carrying it.
 * `rowNumber` is the spreadsheet's 1-based row, `sheet` its 1-based position (undefined for a CSV).
 */
export function sheetBlocks(out: BlockBuilder, rows: Array<{ cells: string[]; rowNumber: number }>, sheet?: number): void {
  let header: string[] | null = null;
  for (const { cells, rowNumber } of rows) {
    const filled = cells.filter((c) => c.trim()).length;
    if (filled === 0) continue;
    const place: Place = { line: rowNumber, standalone: true, ...(sheet === undefined ? {} : { page: sheet }) };
    if (!header && filled >= 2) {
      header = cells;
      out.paragraph(cells.filter((c) => c.trim()).join('; '), place);
      continue;
    }
    out.paragraph(rowText(header, cells), place);
  }
}
