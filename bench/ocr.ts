// `npm run bench:ocr [PAGES]`: what OCR costs against reading a text layer, in one run. SQuAD dev paragraphs are
// laid out as a text PDF (pdf-lib, Helvetica 11 pt), and the same pages rendered at 200 dpi and saved as a scan
// (images only); both go through the engine's parser. Prints ms per page for each, their ratio, and how many of the
// source's words OCR recovered (a clean render: an upper bound for real scans). The last line is one JSON object.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { parseFile } from '../src-main/core/parse/index.js';
import { endOcr } from '../src-main/core/parse/ocr.js';
import { scannedPdf, textImage } from '../test/fixtures/make-scans.js';
import { round, squadParagraphs } from './common.js';

const pages = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'parascope-bench-ocr-'));

/** Lines of about 85 characters, 40 to a page. */
function pageLines(paragraphs: string[]): string[][] {
  const lines: string[] = [];
  for (const p of paragraphs) {
    let line = '';
    for (const w of p.split(/\s+/)) {
      if ((line + ' ' + w).length > 85) {
        lines.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    lines.push(line, '');
  }
  const out: string[][] = [];
  for (let i = 0; i < lines.length && out.length < pages; i += 40) out.push(lines.slice(i, i + 40));
  return out;
}

const words = (t: string): string[] => t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

try {
  const text = pageLines(squadParagraphs(60).map((p) => p.replace(/[^\x20-\x7e]/g, ' ')));
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of text) {
    const page = doc.addPage([612, 792]);
    lines.forEach((l, i) => page.drawText(l, { x: 48, y: 740 - i * 16, size: 11, font }));
  }
  writeFileSync(join(dir, 'text.pdf'), await doc.save());
  const images: Buffer[] = [];
  for (const lines of text) images.push(await textImage(lines, 'image/png', 200, 11));
  writeFileSync(join(dir, 'scan.pdf'), await scannedPdf(images));

  let t = performance.now();
  const plain = await parseFile(join(dir, 'text.pdf'));
  const textMs = (performance.now() - t) / text.length;
  await parseFile(join(dir, 'scan.pdf'), { ocr: true }); // warm: the OCR engine starts once per parse worker
  t = performance.now();
  const scan = await parseFile(join(dir, 'scan.pdf'), { ocr: true });
  const ocrMs = (performance.now() - t) / text.length;

  const source = new Set(words(plain.blocks.map((b) => b.text).join(' ')));
  const read = new Set(words(scan.blocks.map((b) => b.text).join(' ')));
  const recall = [...source].filter((w) => read.has(w)).length / source.size;
  console.log(`pages                     ${text.length}`);
  console.log(`text layer                ${round(textMs, 1)} ms/page`);
  console.log(`OCR (200 dpi, warm)       ${round(ocrMs, 0)} ms/page`);
  console.log(`OCR / text layer          ${round(ocrMs / textMs, 0)}x`);
  console.log(`source words OCR found    ${round(100 * recall, 1)} %`);
  console.log(
    JSON.stringify({
      pages: text.length,
      textMsPerPage: round(textMs, 2),
      ocrMsPerPage: round(ocrMs, 0),
      ocrVsText: round(ocrMs / textMs, 1),
      wordRecall: round(recall, 4),
      ocrPages: scan.ocrPages,
    }),
  );
} finally {
  endOcr();
  rmSync(dir, { recursive: true, force: true });
}
