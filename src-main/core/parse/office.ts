// Presentations (PPTX, ODP), spreadsheets (XLSX, ODS) and documents (ODT, RTF) through officeparser, a maintained
// parser of all six into one AST (slides, sheets with rows and cells, headings, tables, lists, notes): one library
// instead of one per format. Its AST becomes blocks: a slide is a location of its own (page = slide number), a
// sheet too (page = sheet number, its name a heading, each row a passage carrying the header row), a table row a
// paragraph. Zip containers pass the zip-bomb guard first; OCR and attachments are off (images are not read here).
import type JSZip from 'jszip';
import { OfficeParser, type OfficeContentNode, type OfficeParserConfig } from 'officeparser';
import type { Block } from '../../common/types.js';
import { BlockBuilder, HeaderedRows, sheetBlocks } from './blocks.js';
import { FileProblem } from './problem.js';
import { DEFAULT_MAX_EXPANDED_BYTES, openZip } from './zip-guard.js';

export type OfficeFormat = 'pptx' | 'odp' | 'xlsx' | 'ods' | 'odt' | 'rtf';

/** The part every genuine file of the format has; its absence means a corrupt (or mislabelled) file. */
const REQUIRED_PART: Record<OfficeFormat, string | null> = {
  pptx: 'ppt/presentation.xml',
  xlsx: 'xl/workbook.xml',
  odp: 'content.xml',
  ods: 'content.xml',
  odt: 'content.xml',
  rtf: null,
};

/** Nodes that carry no text worth finding (images are OCR's business; masters and comments are not the content). */
const SKIP = new Set(['image', 'chart', 'break', 'comment', 'slideMaster', 'header', 'footer', 'embed']);

/** A node's text: officeparser fills `text` on some nodes and leaves it to the children on others. */
function textOf(n: OfficeContentNode): string {
  const kids = n.children ?? [];
  if (!kids.length) return n.text ?? '';
  const inline = kids.every((c) => c.type === 'text');
  return kids
    .filter((c) => !SKIP.has(c.type))
    .map(textOf)
    .join(inline ? '' : '\n');
}

function rowsOf(table: OfficeContentNode): Array<{ cells: string[]; rowNumber: number }> {
  const rows: Array<{ cells: string[]; rowNumber: number }> = [];
  for (const row of table.children ?? []) {
    if (row.type !== 'row') continue;
    const cells: string[] = [];
    let rowIndex: number | undefined;
    for (const cell of row.children ?? []) {
      if (cell.type !== 'cell') continue;
      const m = (cell.metadata ?? {}) as { row?: number; col?: number };
      rowIndex ??= m.row;
      const col = typeof m.col === 'number' ? m.col : cells.length;
      cells[col] = textOf(cell).replace(/\s+/g, ' ').trim();
    }
    rows.push({ cells: Array.from(cells, (c) => c ?? ''), rowNumber: (rowIndex ?? rows.length) + 1 });
  }
  return rows;
}

class AstWalker {
  readonly out = new BlockBuilder();
  private page: number | undefined;
  private sheets = 0;

  walk(nodes: OfficeContentNode[] | undefined): void {
    for (const n of nodes ?? []) this.node(n);
  }

  private place(): { page?: number } {
    return this.page === undefined ? {} : { page: this.page };
  }

  private node(n: OfficeContentNode): void {
    if (SKIP.has(n.type)) return;
    const meta = (n.metadata ?? {}) as Record<string, unknown>;
    switch (n.type) {
      case 'slide':
        this.page = typeof meta['slideNumber'] === 'number' ? meta['slideNumber'] : (this.page ?? 0) + 1;
        this.walk(n.children);
        break;
      case 'sheet': {
        this.page = ++this.sheets;
        const name = typeof meta['sheetName'] === 'string' ? meta['sheetName'] : `Sheet ${this.page}`;
        this.out.heading(name, 1, this.place());
        sheetBlocks(this.out, rowsOf(n), this.page);
        break;
      }
      case 'heading':
        this.out.heading(textOf(n), typeof meta['level'] === 'number' ? meta['level'] : 1, this.place());
        break;
      case 'table': {
        // a document's table: each row a paragraph, its values named by the header row
        const table = new HeaderedRows();
        for (const r of rowsOf(n)) this.out.paragraph(table.text(r.cells) ?? '', this.place());
        break;
      }
      default: {
        const structural = (n.children ?? []).some((c) => c.type !== 'text');
        if (structural && n.type !== 'paragraph' && n.type !== 'list') this.walk(n.children);
        else this.out.paragraph(textOf(n), this.place());
      }
    }
    // speaker notes and footnotes, where they belong: after their node, on its slide
    this.walk(n.notes);
  }
}

/**
 * officeparser 7.8 reads only the rows directly inside an ODF table, so rows inside <table:table-header-rows>
 * (LibreOffice's "repeat heading", on by default), <table:table-rows> and <table:table-row-group> were lost: a
 * table's header row above all. Unwrapping those grouping elements in content.xml keeps every row, in order.
 */
const ODF_ROW_GROUP = /<\/?table:table-(?:header-rows|rows|row-group)\b[^>]*>/g;
async function withOdfRowGroupsUnwrapped(zip: JSZip, buf: Buffer): Promise<Buffer> {
  const entry = zip.file('content.xml');
  if (!entry) return buf;
  const xml = await entry.async('string');
  if (!ODF_ROW_GROUP.test(xml)) return buf;
  zip.file('content.xml', xml.replace(ODF_ROW_GROUP, ''));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

export async function parseOffice(
  input: Buffer,
  format: OfficeFormat,
  maxExpandedBytes = DEFAULT_MAX_EXPANDED_BYTES,
): Promise<Block[]> {
  const label = format.toUpperCase();
  let buf = input;
  const part = REQUIRED_PART[format];
  const zip = part ? await openZip(buf, label, part, maxExpandedBytes) : null;
  if (zip && part === 'content.xml') buf = await withOdfRowGroupsUnwrapped(zip, buf);
  const config: OfficeParserConfig = {
    fileType: format,
    ignoreNotes: false,
    ignoreComments: true,
    ignoreSlideMasters: true,
    extractAttachments: false,
    ocr: false,
    includeRawContent: false,
    serializeRawContent: false,
    ignorePageGeometry: true,
    outputErrorToConsole: false,
    decompressionLimits: { maxUncompressedBytes: maxExpandedBytes * 2 },
  } as OfficeParserConfig;
  let content: OfficeContentNode[];
  try {
    content = (await OfficeParser.parseOffice(buf, config)).content;
  } catch (err) {
    const issue = (err as { officeIssue?: { code?: string; message?: string } } | null)?.officeIssue;
    const msg = issue?.message ?? (err instanceof Error ? err.message : String(err));
    if (/password|encrypt/i.test(`${issue?.code ?? ''} ${msg}`))
      throw new FileProblem('failed', `${label} is password-protected`);
    throw new FileProblem('failed', `corrupt ${label} (${msg.split('\n')[0]})`);
  }
  const walker = new AstWalker();
  walker.walk(content);
  const blocks = walker.out.blocks;
  if (!blocks.some((b) => b.kind === 'paragraph')) {
    if (blocks.length) return blocks.map(({ level: _level, ...b }) => ({ ...b, kind: 'paragraph' }));
    throw new FileProblem('skipped', format === 'pptx' || format === 'odp' ? 'no text on any slide' : 'no text in document');
  }
  return blocks;
}
