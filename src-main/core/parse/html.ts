// HTML (and DOCX via mammoth, EPUB chapters): block elements become blocks, h1-h6 become heading blocks,
// script/style/nav are skipped, and so are navigation bars and contents lists that generated manuals mark by role
// or class (DocBook, Sphinx). A table row is one block, its cells named by the table's header row
// ("Month: January; Oil used: 41 gallons"), never one block per cell.
// The extracted text is the block texts joined by blank lines; offsets point into it.
// Text is gathered in arrays and joined once per block, so a single 10 MB line stays linear.
import { Parser } from 'htmlparser2';
import type { Block } from '../../common/types.js';
import { HeaderedRows } from './blocks.js';

const BLOCK_TAGS = new Set(
  (
    'p li h1 h2 h3 h4 h5 h6 pre td th tr table thead tbody ul ol dl dd dt blockquote div section article ' +
    'header footer main aside figure figcaption caption address details summary hr body html'
  ).split(' '),
);
const SKIP_TAGS = new Set(['script', 'style', 'nav', 'noscript', 'template', 'svg', 'title', 'iframe', 'object']);
/**
 * Elements that are navigation, not content, by the marks documentation generators give them: ARIA's navigation
 * role and doc-toc, DocBook's navheader/navfooter and lists of contents, Sphinx's sidebar and toctree, LaTeX2HTML's
 * navigation panel and child links; the "¶" permalink that Sphinx and MkDocs put after every heading and term;
 * Sphinx's general and module indexes (lists of every name with links, not prose) and their letter bars; a page's
 * footer of copyright, licence and "last updated" lines, set on every page of a manual (Sphinx's class footer,
 * AsciiDoc's id footer, ARIA's contentinfo).
 */
const SKIP_CLASSES = new Set([
  'navheader',
  'navfooter',
  'toc',
  'list-of-tables',
  'list-of-figures',
  'list-of-examples',
  'sphinxsidebar',
  'toctree-wrapper',
  'navigation',
  'childlinks',
  'headerlink',
  'indextable',
  'genindex-jumpbox',
  'modindex-jumpbox',
  'footer',
]);
const SKIP_IDS = new Set(['toc', 'child_links', 'footer']);
const SKIP_ROLES = new Set(['navigation', 'doc-toc', 'contentinfo']);
const skipByMarks = (attrs: Record<string, string>): boolean =>
  SKIP_ROLES.has(attrs.role ?? '') ||
  SKIP_IDS.has((attrs.id ?? '').toLowerCase()) ||
  (attrs.class ?? '')
    .toLowerCase()
    .split(/\s+/)
    .some((c) => SKIP_CLASSES.has(c));
const HEADING = /^h([1-6])$/;
/** Separator between blocks in the extracted text. */
export const BLOCK_SEPARATOR = '\n\n';

export class HtmlBlockExtractor {
  readonly blocks: Block[] = [];
  private offset = 0;
  private parts: string[] = [];
  private readonly open: string[] = [];
  private skipDepth = 0;
  /** The element skipped for its marks (skipByMarks), and how many of its name are open inside it. */
  private marked: { name: string; nest: number } | null = null;
  /** Whether anything was left out for its marks (navigation, contents, an index): see parseHtmlPage. */
  leftOutByMarks = false;
  private preDepth = 0;
  /** Open tables, innermost last: each with its header row once seen, and the row being read. */
  private readonly tables: Array<{ rows: HeaderedRows; row: string[] | null; cellFrom: number; inCell: number }> = [];
  private readonly parser: Parser;

  constructor() {
    this.parser = new Parser(
      {
        onopentag: (name, attrs) => this.onOpen(name, attrs),
        onclosetag: (name) => this.onClose(name),
        ontext: (text) => {
          if (this.skipDepth === 0) this.parts.push(text);
        },
      },
      { decodeEntities: true, lowerCaseTags: true },
    );
  }

  write(html: string): void {
    // Feed in slices so the tokenizer never holds more than one slice of pending text beyond the current token.
    const SLICE = 1 << 16;
    for (let i = 0; i < html.length; i += SLICE) this.parser.write(html.slice(i, i + SLICE));
  }

  end(): Block[] {
    this.parser.end();
    this.flush(this.open[this.open.length - 1]);
    return this.blocks;
  }

  private onOpen(name: string, attrs: Record<string, string>): void {
    if (this.marked?.name === name) this.marked.nest++;
    else if (!this.marked && skipByMarks(attrs)) {
      this.marked = { name, nest: 1 };
      this.leftOutByMarks = true;
      this.skipDepth++;
      return;
    }
    if (SKIP_TAGS.has(name)) {
      this.skipDepth++;
      return;
    }
    if (this.skipDepth > 0) return;
    if (name === 'br') this.parts.push('\n');
    if (!BLOCK_TAGS.has(name)) return;
    const table = this.tables[this.tables.length - 1];
    if (name === 'table') {
      this.flush(this.open[this.open.length - 1]);
      this.tables.push({ rows: new HeaderedRows(), row: null, cellFrom: 0, inCell: 0 });
      this.open.push(name);
      return;
    }
    if (table && (name === 'tr' || name === 'td' || name === 'th' || table.inCell > 0)) {
      this.onTableOpen(table, name);
      return;
    }
    this.flush(this.open[this.open.length - 1]);
    this.open.push(name);
    if (name === 'pre') this.preDepth++;
  }

  private onClose(name: string): void {
    if (this.marked?.name === name && --this.marked.nest === 0) {
      this.marked = null;
      this.skipDepth = Math.max(0, this.skipDepth - 1);
      return;
    }
    if (SKIP_TAGS.has(name)) {
      this.skipDepth = Math.max(0, this.skipDepth - 1);
      return;
    }
    if (this.skipDepth > 0 || !BLOCK_TAGS.has(name)) return;
    const table = this.tables[this.tables.length - 1];
    if (table && name !== 'table' && (name === 'tr' || name === 'td' || name === 'th' || table.inCell > 0)) {
      this.onTableClose(table, name);
      return;
    }
    if (name === 'table' && table) {
      this.endRow(table);
      this.tables.pop();
    }
    this.flush(name);
    const at = this.open.lastIndexOf(name);
    if (at !== -1) {
      for (const t of this.open.splice(at)) if (t === 'pre') this.preDepth--;
    }
  }

  private onTableOpen(table: (typeof this.tables)[number], name: string): void {
    if (name === 'tr') {
      this.endRow(table);
      this.flush(this.open[this.open.length - 1]);
      table.row = [];
    } else if (name === 'td' || name === 'th') {
      if (table.inCell > 0) return void table.inCell++; // a cell in a cell's markup: part of the outer cell
      if (!table.row) {
        this.flush(this.open[this.open.length - 1]);
        table.row = [];
      }
      table.inCell = 1;
      table.cellFrom = this.parts.length;
    } else {
      this.parts.push(' '); // a paragraph or list inside a cell stays in the cell
    }
  }

  private onTableClose(table: (typeof this.tables)[number], name: string): void {
    if (name === 'tr') return this.endRow(table);
    if (name !== 'td' && name !== 'th') return void this.parts.push(' ');
    if (table.inCell > 1) return void table.inCell--;
    if (table.inCell === 0 || !table.row) return;
    table.row.push(this.parts.splice(table.cellFrom).join('').replace(/\s+/g, ' ').trim());
    table.inCell = 0;
  }

  /** A finished row becomes one block (HeaderedRows names its values by the table's header row). */
  private endRow(table: (typeof this.tables)[number]): void {
    if (table.inCell > 0) this.onTableClose(table, 'td');
    const row = table.row;
    table.row = null;
    const text = row ? table.rows.text(row) : null;
    if (text === null) return;
    this.parts.push(text);
    this.flush('tr');
  }

  private flush(tag: string | undefined): void {
    if (this.parts.length === 0) return;
    const raw = this.parts.join('');
    this.parts = [];
    const text = this.preDepth > 0 ? raw.replace(/^\s*\n|\s+$/g, '') : raw.replace(/\s+/g, ' ').trim();
    if (!text) return;
    if (this.blocks.length > 0) this.offset += BLOCK_SEPARATOR.length;
    const start = this.offset;
    this.offset += text.length;
    const h = tag ? HEADING.exec(tag) : null;
    const block: Block = h
      ? { kind: 'heading', level: Number(h[1]), text, start, end: this.offset }
      : { kind: 'paragraph', text, start, end: this.offset };
    this.blocks.push(block);
  }
}

export function parseHtml(html: string): Block[] {
  return parseHtmlPage(html).blocks;
}

/**
 * A page's blocks, and whether only its headings are left once what its marks call navigation, contents or an index
 * is taken out: a generated index or contents page (Sphinx's genindex-A.html is its title and a list of names).
 */
export function parseHtmlPage(html: string): { blocks: Block[]; onlyNavigation: boolean } {
  const x = new HtmlBlockExtractor();
  x.write(html);
  const blocks = x.end();
  return { blocks, onlyNavigation: x.leftOutByMarks && blocks.every((b) => b.kind === 'heading') };
}
