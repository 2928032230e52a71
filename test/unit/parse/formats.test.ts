// The everyday formats beyond text, HTML, PDF and DOCX: real files made by LibreOffice (test/fixtures/formats,
// make.sh says how) and CSV, TSV, EML and MBOX written here; each parsed into blocks with its location. Images and
// scans for OCR are rendered here from text (test/fixtures/make-scans.ts).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Block } from '../../../src-main/common/types.js';
import { chunkBlocks } from '../../../src-main/core/chunk/chunker.js';
import { approxTokenCount } from '../../../src-main/core/chunk/tokens.js';
import { FileProblem, parseFile } from '../../../src-main/core/parse/index.js';
import { splitMbox } from '../../../src-main/core/parse/mail.js';
import { endOcr } from '../../../src-main/core/parse/ocr.js';
import { photoWithoutText, scannedPdf, textImage } from '../../fixtures/make-scans.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));
let dir: string;

const paragraphs = (blocks: Block[]): Block[] => blocks.filter((b) => b.kind === 'paragraph');
const find = (blocks: Block[], needle: string): Block => {
  const b = blocks.find((x) => x.text.includes(needle));
  assert.ok(b, `no block holds "${needle}": ${blocks.map((x) => x.text).join(' | ')}`);
  return b;
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parascope-formats-'));
});
after(async () => {
  endOcr();
  await rm(dir, { recursive: true, force: true });
});

describe('presentations', () => {
  for (const [name, slide2] of [
    ['deck.pptx', 'Berthing fees grew by fourteen percent'],
    ['deck.odp', 'Ferry ticket sales fell by six percent'],
  ] as const) {
    test(`${name}: every slide's text, each on its own slide number`, async () => {
      const { format, blocks } = await parseFile(join(FIXTURES, name));
      assert.equal(format, name.split('.')[1]);
      assert.equal(find(blocks, 'Harbour Authority Review').page, 1);
      assert.equal(find(blocks, slide2).page, 2);
      assert.equal(find(blocks, 'dredged to a depth of fourteen metres').page, 3);
      // a chunk never crosses a slide
      const chunks = chunkBlocks(blocks, { path: name, countTokens: approxTokenCount });
      assert.deepEqual(
        chunks.map((c) => c.page),
        [1, 2, 3],
      );
      assert.match(chunks[1]?.text ?? '', new RegExp(`^Third Quarter Revenue\n\n${slide2}`));
    });
  }
});

describe('spreadsheets', () => {
  for (const [name, item, warehouse] of [
    ['sheets.xlsx', 'copper wire', 'Gull Island depot'],
    ['sheets.ods', 'tarred twine', 'Lantern Quay store'],
  ] as const) {
    test(`${name}: each sheet headed by its name, each row a passage with its header and row number`, async () => {
      const { blocks } = await parseFile(join(FIXTURES, name));
      const headings = blocks.filter((b) => b.kind === 'heading').map((b) => [b.text, b.page]);
      assert.deepEqual(headings, [
        ['Suppliers', 1],
        ['Inventory', 2],
      ]);
      const copper = find(blocks, item);
      assert.equal(copper.text, `Item: ${item}; Warehouse: ${warehouse}; Quantity: 340`);
      assert.equal(copper.page, 2);
      assert.equal(copper.line, 3);
      assert.equal(find(blocks, 'Nordkabel').line, 2);
      const chunks = chunkBlocks(blocks, { path: name, countTokens: approxTokenCount });
      const row = chunks.find((c) => c.text.includes(item));
      assert.equal(row?.text, copper.text, 'a row is a passage of its own, not merged with its neighbours');
      assert.equal(row?.heading, 'Inventory');
      assert.equal(chunks.length, paragraphs(blocks).length);
    });
  }

  test('CSV: quoted fields with commas and newlines, rows located at their first line', async () => {
    const path = join(dir, 'crew.csv');
    await writeFile(
      path,
      '\ufeffName,Role,Notes\nAda,keeper,"lit the lamp, every dusk"\n\nBrann,cook,"bakes rye bread\non Sundays"\nCora,boatman,rows the tender\n',
    );
    const { format, blocks } = await parseFile(path);
    assert.equal(format, 'csv');
    assert.deepEqual(
      blocks.map((b) => [b.text, b.line]),
      [
        ['Name; Role; Notes', 1],
        ['Name: Ada; Role: keeper; Notes: lit the lamp, every dusk', 2],
        ['Name: Brann; Role: cook; Notes: bakes rye bread\non Sundays', 4],
        ['Name: Cora; Role: boatman; Notes: rows the tender', 6],
      ],
    );
    assert.ok(blocks.every((b) => b.standalone && b.page === undefined));
  });

  test('TSV: tab-separated, commas kept inside values', async () => {
    const path = join(dir, 'tides.tsv');
    await writeFile(path, 'Date\tHigh water\n1 March\t06:12, 18:40\n2 March\t06:55, 19:21\n');
    const { blocks } = await parseFile(path);
    assert.equal(find(blocks, '2 March').text, 'Date: 2 March; High water: 06:55, 19:21');
    assert.equal(find(blocks, '2 March').line, 3);
  });
});

describe('documents', () => {
  test('ODT: headings with levels, paragraphs, and a table kept as rows under its header row', async () => {
    const { blocks } = await parseFile(join(FIXTURES, 'book.odt'));
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => `${b.level} ${b.text}`);
    assert.deepEqual(headings, ['1 Arrival at the Point', '1 Keeping the Light', '2 The Clockwork', '1 The Winter Storm']);
    // the header row sits inside <table:table-header-rows>, which officeparser alone would drop
    assert.equal(find(blocks, 'January').text, 'Month: January; Oil used: 41 gallons');
    const chunks = chunkBlocks(blocks, { path: 'book.odt', countTokens: approxTokenCount });
    assert.equal(chunks.find((c) => c.text.includes('colza oil'))?.heading, 'Keeping the Light');
  });

  test('HTML: a table row is one passage, its cells named by the header row, markup inside cells kept in them', async () => {
    const path = join(dir, 'crew.html');
    await writeFile(
      path,
      '<h2>Crew</h2><table><thead><tr><th>Name</th><th>Duty</th></tr></thead><tbody><tr><td>Ada <b>Lund</b></td><td><p>lamp</p><p>and lens</p></td></tr><tr><td>Brann</td><td>galley</td></tr></tbody></table>',
    );
    const { blocks } = await parseFile(path);
    assert.deepEqual(
      paragraphs(blocks).map((b) => b.text),
      ['Name; Duty', 'Name: Ada Lund; Duty: lamp and lens', 'Name: Brann; Duty: galley'],
    );
  });

  test('RTF: the text of every paragraph and table row', async () => {
    const { format, blocks } = await parseFile(join(FIXTURES, 'book.rtf'));
    assert.equal(format, 'rtf');
    find(blocks, 'sixty hours without sleep');
    find(blocks, 'sounded the foghorn twice every minute');
    assert.equal(find(blocks, 'February').text, 'Month: February; Oil used: 36 gallons');
  });

  test('EPUB: chapters in spine order, each a location, headed by its table-of-contents label', async () => {
    const { blocks } = await parseFile(join(FIXTURES, 'book.epub'));
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => [b.text, b.page]);
    assert.deepEqual(headings, [
      ['Arrival at the Point', 1],
      ['Keeping the Light', 2],
      ['The Winter Storm', 3],
    ]);
    assert.equal(find(blocks, 'colza oil').page, 2);
    assert.equal(find(blocks, 'relief boat').page, 2);
    assert.equal(find(blocks, 'sixty hours').page, 3);
    // the title the chapter repeats as its first paragraph is the heading, not a one-line passage
    assert.equal(blocks.filter((b) => b.text === 'Keeping the Light').length, 1);
  });
});

describe('mail', () => {
  const message = (subject: string, from: string, date: string, body: string): string =>
    `From: ${from}\r\nTo: keeper@saltmarsh.example\r\nSubject: ${subject}\r\nDate: ${date}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;

  test('EML: the subject, sender and date head the body', async () => {
    const path = join(dir, 'order.eml');
    await writeFile(
      path,
      message(
        'Oil delivery',
        'Harbour Office <office@harbour.example>',
        'Tue, 3 Mar 2026 09:00:00 +0000',
        'The colza oil arrives on Thursday.\r\n\r\nSign for twelve barrels.',
      ),
    );
    const { format, blocks } = await parseFile(path);
    assert.equal(format, 'eml');
    assert.equal(blocks[0]?.kind, 'heading');
    assert.equal(blocks[0]?.text, 'Oil delivery (Harbour Office, 2026-03-03)');
    assert.deepEqual(
      paragraphs(blocks).map((b) => b.text),
      ['The colza oil arrives on Thursday.', 'Sign for twelve barrels.'],
    );
  });

  test('EML: a quoted-printable HTML-only body is read as text', async () => {
    const path = join(dir, 'html.eml');
    await writeFile(
      path,
      'From: a@example.com\r\nSubject: =?utf-8?q?Caf=C3=A9_menu?=\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Soup of the day: leek and pot=\r\nato.</p>\r\n',
    );
    const { blocks } = await parseFile(path);
    assert.match(blocks[0]?.text ?? '', /^Café menu/);
    find(blocks, 'Soup of the day: leek and potato.');
  });

  test('MBOX: one location per message, in order, ">From " quoting undone', async () => {
    const path = join(dir, 'keeper.mbox');
    const mbox = [
      `From office@harbour.example Tue Mar  3 09:00:00 2026\n${message('Oil delivery', 'office@harbour.example', 'Tue, 3 Mar 2026 09:00:00 +0000', 'Twelve barrels of colza oil on Thursday.')}`,
      `From inspector@trinity.example Wed Mar  4 10:00:00 2026\n${message('Inspection', 'inspector@trinity.example', 'Wed, 4 Mar 2026 10:00:00 +0000', 'The lens will be inspected in April.\n>From the board: bring the logbook.')}`,
      `From cook@saltmarsh.example Thu Mar  5 11:00:00 2026\n${message('Bread', 'cook@saltmarsh.example', 'Thu, 5 Mar 2026 11:00:00 +0000', 'Rye bread is baked on Sundays.')}`,
    ].join('\n');
    await writeFile(path, mbox);
    assert.equal(splitMbox(mbox).length, 3);
    const { blocks } = await parseFile(path);
    assert.deepEqual(
      blocks.filter((b) => b.kind === 'heading').map((b) => [b.text.split(' (')[0], b.page]),
      [
        ['Oil delivery', 1],
        ['Inspection', 2],
        ['Bread', 3],
      ],
    );
    assert.equal(find(blocks, 'logbook').text, 'The lens will be inspected in April.\nFrom the board: bring the logbook.');
    assert.equal(find(blocks, 'Rye bread').page, 3);
  });
});

describe('bad files', () => {
  const problem = async (name: string, bytes: Buffer | string): Promise<FileProblem> => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    const err = await parseFile(path).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof FileProblem, `${name} should fail with a FileProblem, got ${String(err)}`);
    assert.doesNotMatch(err.message, new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no path in the message');
    assert.doesNotMatch(err.message, /\n|\bat .*:\d+/, 'one line, no stack');
    return err;
  };

  test('a truncated or mislabelled office file is "corrupt", with its format named', async () => {
    const pptx = await readFile(join(FIXTURES, 'deck.pptx'));
    assert.match((await problem('cut.pptx', pptx.subarray(0, 4000))).message, /^corrupt PPTX/);
    assert.match((await problem('fake.xlsx', 'just text, not a workbook')).message, /^corrupt XLSX/);
    assert.match((await problem('fake.odt', pptx)).message, /^corrupt ODT \(content\.xml is missing\)/);
    assert.match((await problem('fake.epub', pptx)).message, /^corrupt EPUB/);
    assert.equal((await problem('empty-deck.pptx', Buffer.alloc(0))).state, 'skipped');
  });
});

describe('OCR', () => {
  const HARBOUR = ['The harbour master keeps the tide tables', 'in the brass cabinet beside the door.'];

  test(
    'a PNG and a JPEG of text are read, with OCR on; with it off they are skipped and say why',
    { timeout: 120_000 },
    async () => {
      const png = join(dir, 'note.png');
      const jpg = join(dir, 'note.jpg');
      await writeFile(png, await textImage(HARBOUR));
      await writeFile(
        jpg,
        await textImage(['Spare lamp wicks are stored in the', 'second drawer of the oak chest.'], 'image/jpeg'),
      );
      const a = await parseFile(png, { ocr: true });
      assert.equal(a.format, 'image');
      assert.equal(a.ocrPages, 1);
      assert.match(
        paragraphs(a.blocks)
          .map((b) => b.text)
          .join(' '),
        /harbour master keeps the tide tables in the brass cabinet/i,
      );
      const b = await parseFile(jpg, { ocr: true });
      assert.match(b.blocks.map((x) => x.text).join(' '), /second drawer of the oak chest/i);
      const off = await parseFile(png).catch((e: unknown) => e);
      assert.ok(off instanceof FileProblem && off.state === 'skipped');
      assert.match(off.message, /turn on OCR in Settings/);
    },
  );

  test('a scanned PDF: image pages read by OCR at their page, text pages as text', { timeout: 120_000 }, async () => {
    const path = join(dir, 'scan.pdf');
    await writeFile(path, await scannedPdf([await textImage(HARBOUR), 'Page two has a real text layer about the fog signal.']));
    const doc = await parseFile(path, { ocr: true });
    assert.equal(doc.ocrPages, 1);
    const scanned = find(doc.blocks, 'tide tables');
    assert.equal(scanned.page, 1);
    assert.equal(find(doc.blocks, 'fog signal').page, 2);
    const off = await parseFile(join(dir, 'scan.pdf')).then((d) => d);
    assert.equal(off.ocrPages, undefined, 'with OCR off only the text layer is read');
    assert.deepEqual(
      off.blocks.map((b) => b.page),
      [2],
    );
    const onlyScan = join(dir, 'only-scan.pdf');
    await writeFile(onlyScan, await scannedPdf([await textImage(HARBOUR)]));
    const err = await parseFile(onlyScan).catch((e: unknown) => e);
    assert.ok(err instanceof FileProblem);
    assert.equal(err.message, 'scanned PDF: turn on OCR in Settings to read it');
  });

  test('a photo without text and bytes that are no image are not indexed', { timeout: 120_000 }, async () => {
    const photo = join(dir, 'sky.png');
    await writeFile(photo, await photoWithoutText());
    const a = await parseFile(photo, { ocr: true }).catch((e: unknown) => e);
    assert.ok(a instanceof FileProblem, String(a));
    assert.equal(a.message, 'no readable text found by OCR');
    const junk = join(dir, 'junk.png');
    await writeFile(junk, Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 97 + 13) & 0xff)));
    const b = await parseFile(junk, { ocr: true }).catch((e: unknown) => e);
    assert.ok(b instanceof FileProblem, String(b));
    assert.equal(b.state, 'failed');
    assert.doesNotMatch(b.message, /\n|\//);
  });
});
