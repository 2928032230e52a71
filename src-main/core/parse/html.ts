// HTML (and DOCX via mammoth): block elements become blocks, h1-h6 become heading blocks, script/style/nav are skipped.
// The extracted text is the block texts joined by blank lines; offsets point into it.
// Text is gathered in arrays and joined once per block, so a single 10 MB line stays linear.
import { Parser } from 'htmlparser2';
import type { Block } from '../../common/types.js';

const BLOCK_TAGS = new Set(
  (
    'p li h1 h2 h3 h4 h5 h6 pre td th tr table thead tbody ul ol dl dd dt blockquote div section article ' +
    'header footer main aside figure figcaption caption address details summary hr body html'
  ).split(' '),
);
const SKIP_TAGS = new Set(['script', 'style', 'nav', 'noscript', 'template', 'svg', 'title', 'iframe', 'object']);
const HEADING = /^h([1-6])$/;
/** Separator between blocks in the extracted text. */
export const BLOCK_SEPARATOR = '\n\n';

export class HtmlBlockExtractor {
  readonly blocks: Block[] = [];
  private offset = 0;
  private parts: string[] = [];
  private readonly open: string[] = [];
  private skipDepth = 0;
  private preDepth = 0;
  private readonly parser: Parser;

  constructor() {
    this.parser = new Parser(
      {
        onopentag: (name) => this.onOpen(name),
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

  private onOpen(name: string): void {
    if (SKIP_TAGS.has(name)) {
      this.skipDepth++;
      return;
    }
    if (this.skipDepth > 0) return;
    if (name === 'br') this.parts.push('\n');
    if (!BLOCK_TAGS.has(name)) return;
    this.flush(this.open[this.open.length - 1]);
    this.open.push(name);
    if (name === 'pre') this.preDepth++;
  }

  private onClose(name: string): void {
    if (SKIP_TAGS.has(name)) {
      this.skipDepth = Math.max(0, this.skipDepth - 1);
      return;
    }
    if (this.skipDepth > 0 || !BLOCK_TAGS.has(name)) return;
    this.flush(name);
    const at = this.open.lastIndexOf(name);
    if (at !== -1) {
      for (const t of this.open.splice(at)) if (t === 'pre') this.preDepth--;
    }
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
  const x = new HtmlBlockExtractor();
  x.write(html);
  return x.end();
}
