// parseFile: dispatch by extension, one module per format. Throws FileProblem with a one-line reason.
import { detectFormat, gzipInner } from '../ingest/formats.js';
import { parseAsciidoc, startsWithDocumentTitle } from './asciidoc.js';
import { parseCsv } from './csv.js';
import { parseDocx } from './docx.js';
import { parseEpub } from './epub.js';
import { BLOCK_SEPARATOR, parseHtmlPage } from './html.js';
import { parseEml, parseMbox } from './mail.js';
import { parseMarkdown } from './markdown.js';
import { parseImage } from './ocr.js';
import { parseOffice } from './office.js';
import { parsePdf } from './pdf.js';
import { FileProblem, type ParseOptions, type ParsedDoc } from './problem.js';
import { decodeText, gunzipDocument, readBytes } from './read.js';
import { parseRst } from './rst.js';
import { GENERATED_LINE, isGeneratedText, parseText } from './text.js';

export { FileProblem, type ParseOptions, type ParsedDoc } from './problem.js';

/** Parses a file; with `withText` the result also carries the text its blocks' offsets point into. */
export async function parseFile(path: string, opts: ParseOptions = {}): Promise<ParsedDoc> {
  const doc = await parseBlocks(path, opts);
  if (!opts.withText || doc.text !== undefined) return doc;
  // extracted formats: the blocks joined as their offsets were counted (BLOCK_SEPARATOR between blocks)
  return { ...doc, text: doc.blocks.map((b) => b.text).join(BLOCK_SEPARATOR) };
}

async function parseBlocks(path: string, opts: ParseOptions): Promise<ParsedDoc> {
  const format = detectFormat(path);
  const raw = await readBytes(path, opts.maxBytes);
  const buf = gzipInner(path) === null ? raw : await gunzipDocument(raw, opts.maxBytes);
  if (format === 'pdf') {
    const { blocks, ocrPages } = await parsePdf(new Uint8Array(buf.buffer, buf.byteOffset, buf.length), opts);
    return { format, blocks, ...(ocrPages ? { ocrPages } : {}) };
  }
  if (format === 'image') return { format, blocks: await parseImage(buf, opts.ocr === true, opts.ocrPageTimeoutMs), ocrPages: 1 };
  if (format === 'docx') return { format, blocks: await parseDocx(buf, opts.maxExpandedBytes) };
  if (format === 'epub') return { format, blocks: await parseEpub(buf, opts.maxExpandedBytes) };
  if (format === 'eml') return { format, blocks: await parseEml(buf) };
  if (format === 'pptx' || format === 'odp' || format === 'xlsx' || format === 'ods' || format === 'odt' || format === 'rtf') {
    return { format, blocks: await parseOffice(buf, format, opts.maxExpandedBytes) };
  }
  const text = decodeText(buf);
  const source = opts.withText ? { text } : {};
  if (format === 'csv' || format === 'tsv') return { format, blocks: parseCsv(text, format === 'csv' ? ',' : '\t') };
  if (format === 'mbox') return { format, blocks: await parseMbox(text) };
  if (format === 'text' && isGeneratedText(text)) {
    throw new FileProblem(
      'skipped',
      `minified or generated text (lines of over ${GENERATED_LINE.toLocaleString('en')} characters), not read`,
    );
  }
  const page = format === 'html' ? parseHtmlPage(text) : null;
  if (page?.onlyNavigation) {
    throw new FileProblem('skipped', 'an index or contents page, no text of its own');
  }
  const blocks = page
    ? page.blocks
    : format === 'markdown'
      ? parseMarkdown(text)
      : format === 'rst'
        ? parseRst(text)
        : format === 'asciidoc' || (/\.txt$/i.test(gzipInner(path) ?? path) && startsWithDocumentTitle(text))
          ? parseAsciidoc(text)
          : parseText(text);
  if (blocks.every((b) => b.kind === 'heading')) {
    // Headings alone are still findable text; whitespace-only files are not.
    if (blocks.length === 0) throw new FileProblem('skipped', 'no text in file');
    return { format, blocks: blocks.map(({ level: _level, ...b }) => ({ ...b, kind: 'paragraph' })), ...source };
  }
  // text, Markdown, reST and HTML offsets point into the decoded source
  return { format, blocks, ...(format === 'html' ? {} : source) };
}
