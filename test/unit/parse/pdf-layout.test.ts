// PDF passages worth reading (issue 14): running headers, page numbers and contents pages dropped; headings from
// type size and from the document's outline; code kept line by line; tables kept as rows named by their header,
// across pages. Every PDF is written here with pdf-lib.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDocument, PDFHexString, PDFName, StandardFonts, type PDFPage } from 'pdf-lib';
import type { Block } from '../../../src-main/common/types.js';
import { chunkBlocks } from '../../../src-main/core/chunk/chunker.js';
import { approxTokenCount } from '../../../src-main/core/chunk/tokens.js';
import { parseFile } from '../../../src-main/core/parse/index.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parascope-pdf-layout-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const find = (blocks: Block[], needle: string): Block => {
  const b = blocks.find((x) => x.text.includes(needle));
  assert.ok(b, `no block holds "${needle}": ${blocks.map((x) => x.text).join(' | ')}`);
  return b;
};

async function parsed(name: string, doc: PDFDocument): Promise<{ path: string; blocks: Block[] }> {
  const path = join(dir, name);
  await writeFile(path, await doc.save());
  return { path, blocks: (await parseFile(path)).blocks };
}

test('running headers, page numbers and contents pages are dropped; headings come from type size; code keeps its lines', async () => {
  const doc = await PDFDocument.create();
  const body = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.Courier);
  const chapters = ['Lamps', 'Lenses', 'Clockwork', 'Fog signals', 'Logbooks', 'Stores'];
  const page = (n: number): ReturnType<typeof doc.addPage> => {
    const p = doc.addPage([595, 842]);
    p.drawText(`Keeper's Manual ${n}`, { x: 50, y: 800, size: 9, font: body });
    p.drawText(String(n), { x: 290, y: 30, size: 9, font: body });
    return p;
  };
  const toc = page(1);
  toc.drawText('Contents', { x: 50, y: 740, size: 18, font: bold });
  chapters.forEach((c, i) =>
    toc.drawText(`${i + 1} ${c} ${'. '.repeat(30)} ${i + 2}`, { x: 50, y: 700 - i * 16, size: 11, font: body }),
  );
  chapters.forEach((c, i) => {
    const p = page(i + 2);
    p.drawText(`${i + 1} ${c}`, { x: 50, y: 740, size: 18, font: bold });
    p.drawText(`The ${c.toLowerCase()} of the light are looked after every day by the keeper on duty.`, {
      x: 50,
      y: 700,
      size: 11,
      font: body,
    });
    p.drawText('Each task is written in the station logbook before the end of the watch.', {
      x: 50,
      y: 686,
      size: 11,
      font: body,
    });
    if (i === 2) {
      p.drawText('wind --weight main', { x: 50, y: 640, size: 10, font: mono });
      p.drawText('check --interval 4h', { x: 50, y: 628, size: 10, font: mono });
    }
  });
  const path = join(dir, 'manual.pdf');
  await writeFile(path, await doc.save());
  const { blocks } = await parseFile(path);
  assert.ok(!blocks.some((b) => /Keeper's Manual/.test(b.text)), 'running header dropped');
  assert.ok(!blocks.some((b) => /^\d+$/.test(b.text)), 'page numbers dropped');
  assert.ok(!blocks.some((b) => b.page === 1), 'the contents page is dropped');
  assert.deepEqual(
    blocks.filter((b) => b.kind === 'heading').map((b) => [b.text, b.page]),
    chapters.map((c, i) => [`${i + 1} ${c}`, i + 2]),
  );
  assert.equal(find(blocks, 'wind --weight').text, 'wind --weight main\ncheck --interval 4h');
  const chunks = chunkBlocks(blocks, { path, countTokens: approxTokenCount });
  assert.equal(chunks.find((c) => c.text.includes('fog signals of the light'))?.heading, '4 Fog signals');
});

/** An outline (bookmarks) of `entries`, each [title, page, children]: pdf-lib writes the objects, we link them. */
function addOutline(doc: PDFDocument, entries: Array<[string, PDFPage, Array<[string, PDFPage]>]>): void {
  const ctx = doc.context;
  const root = ctx.nextRef();
  const link = (parent: typeof root, items: Array<[string, PDFPage, Array<[string, PDFPage]>]>) => {
    const refs = items.map(() => ctx.nextRef());
    items.forEach(([title, page, kids], i) => {
      const dict = ctx.obj({
        Title: PDFHexString.fromText(title),
        Parent: parent,
        Dest: [page.ref, 'XYZ', null, null, null],
      });
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      const sub = link(
        refs[i]!,
        kids.map(([t, p]) => [t, p, []]),
      );
      if (sub.length) {
        dict.set(PDFName.of('First'), sub[0]!);
        dict.set(PDFName.of('Last'), sub[sub.length - 1]!);
        dict.set(PDFName.of('Count'), ctx.obj(sub.length));
      }
      ctx.assign(refs[i]!, dict);
    });
    return refs;
  };
  const top = link(root, entries);
  ctx.assign(root, ctx.obj({ Type: 'Outlines', First: top[0]!, Last: top[top.length - 1]!, Count: top.length }));
  doc.catalog.set(PDFName.of('Outlines'), root);
}

test('tables are kept as rows named by their header, on every page they run on; headings come from the outline', async () => {
  const doc = await PDFDocument.create();
  const body = await doc.embedFont(StandardFonts.Helvetica);
  const cols = [60, 200, 380];
  const row = (p: PDFPage, y: number, cells: string[]) =>
    cells.forEach((text, i) => p.drawText(text, { x: cols[i]!, y, size: 10, font: body }));
  const prose = (p: PDFPage, y: number, text: string) => p.drawText(text, { x: 60, y, size: 10, font: body });

  const p1 = doc.addPage([595, 842]);
  prose(p1, 780, 'Harbour stores'); // set in the body type: only the outline says it is a heading
  prose(p1, 750, 'The harbour master keeps the stores listed below and counts them every month.');
  row(p1, 720, ['item', 'warehouse', 'count']);
  row(p1, 706, ['copper wire', 'Gull Island depot', '40']);
  row(p1, 692, ['lamp oil', 'North quay shed', '12']);
  row(p1, 678, ['hemp rope', 'Gull Island depot', '300']);
  row(p1, 664, ['signal flares', 'Pilot station', '25']);
  const p2 = doc.addPage([595, 842]);
  row(p2, 780, ['item', 'warehouse', 'count']); // the header set again on the page the table goes on to
  row(p2, 766, ['pine tar', 'North quay shed', '7']);
  row(p2, 752, ['brass lamps', 'Pilot station', '3']);
  prose(p2, 730, 'Stores are counted on the first Monday of the month by two keepers together.');
  prose(p2, 700, 'Tide tables for the'); // an outline title set on two lines
  prose(p2, 688, 'north pier');
  prose(p2, 680, 'High water at the pier comes about fifty minutes later each day.');
  addOutline(doc, [['Harbour stores', p1, [['Tide tables for the north pier', p2]]]]);

  const { path, blocks } = await parsed('stores.pdf', doc);
  assert.deepEqual(
    blocks.filter((b) => b.kind === 'heading').map((b) => [b.text, b.level, b.page]),
    [
      ['Harbour stores', 1, 1],
      ['Tide tables for the north pier', 2, 2],
    ],
  );
  const rows = blocks.filter((b) => /warehouse/.test(b.text)).map((b) => [b.text, b.page]);
  assert.deepEqual(rows, [
    ['item; warehouse; count', 1],
    ['item: copper wire; warehouse: Gull Island depot; count: 40', 1],
    ['item: lamp oil; warehouse: North quay shed; count: 12', 1],
    ['item: hemp rope; warehouse: Gull Island depot; count: 300', 1],
    ['item: signal flares; warehouse: Pilot station; count: 25', 1],
    ['item: pine tar; warehouse: North quay shed; count: 7', 2],
    ['item: brass lamps; warehouse: Pilot station; count: 3', 2],
  ]);
  assert.match(find(blocks, 'counts them every month').text, /^The harbour master keeps the stores listed below/);
  assert.equal(find(blocks, 'first Monday').text, 'Stores are counted on the first Monday of the month by two keepers together.');
  const chunks = chunkBlocks(blocks, { path, countTokens: approxTokenCount });
  assert.equal(chunks.find((c) => c.text.includes('pine tar'))?.heading, 'Harbour stores');
  assert.equal(chunks.find((c) => c.text.includes('fifty minutes'))?.heading, 'Harbour stores > Tide tables for the north pier');
});

test('prose set in two columns is not a table, and rows without a header are their values', async () => {
  const doc = await PDFDocument.create();
  const body = await doc.embedFont(StandardFonts.Helvetica);
  const p = doc.addPage([595, 842]);
  const left = [
    'The keeper climbs the tower at dusk and lights the',
    'lamp before the first ship of the evening comes in',
    'past the breakwater, then winds the clockwork that',
    'turns the lens until the sun is up again next day.',
  ];
  const right = [
    'In fog the keeper sounds the horn every half minute',
    'and writes each hour of fog in the station logbook,',
    'which the harbour master reads when he comes out to',
    'the island with the stores on the first of the month.',
  ];
  // drawn line by line across both columns, as some writers do: each line is two runs with a wide gap between
  left.forEach((t, i) => {
    p.drawText(t, { x: 40, y: 780 - i * 13, size: 10, font: body });
    p.drawText(right[i]!, { x: 310, y: 780 - i * 13, size: 10, font: body });
  });
  // key bindings: no header row (the first row is data)
  const keys = [
    ['Ctrl-A', 'go to the start of the line'],
    ['Ctrl-E', 'go to the end of the line'],
    ['Ctrl-U', 'erase the line before the cursor'],
  ];
  keys.forEach(([k, v], i) => {
    p.drawText(k!, { x: 60, y: 600 - i * 14, size: 10, font: body });
    p.drawText(v!, { x: 200, y: 600 - i * 14, size: 10, font: body });
  });
  const { blocks } = await parsed('columns.pdf', doc);
  const prose = blocks.filter((b) => /keeper/.test(b.text));
  assert.equal(prose.length, 1, 'one paragraph, not a row a line');
  assert.ok(!/; /.test(prose[0]!.text), `prose is not cut into cells: ${prose[0]!.text}`);
  assert.deepEqual(
    blocks.filter((b) => /Ctrl/.test(b.text)).map((b) => b.text),
    ['Ctrl-A; go to the start of the line', 'Ctrl-E; go to the end of the line', 'Ctrl-U; erase the line before the cursor'],
  );
});

test('a table over many pages: its header row repeated atop each page is kept, not dropped as a running header; two values set close are cut apart', async () => {
  const doc = await PDFDocument.create();
  const body = await doc.embedFont(StandardFonts.Helvetica);
  const oblique = await doc.embedFont(StandardFonts.HelveticaOblique);
  const cols = [60, 200, 380];
  // a warehouse name that ends closer to the count column than the cell gap (1.2 line heights = 12 pt)
  const long = 'North quay long store at the old slipway';
  const gap = cols[2]! - (cols[1]! + body.widthOfTextAtSize(long, 10));
  assert.ok(gap > 0 && gap < 12, `the test needs a gap under the cell gap: ${gap}`);
  for (let p = 0; p < 4; p++) {
    const page = doc.addPage([595, 842]);
    page.drawText('Harbour stores ledger', { x: 60, y: 800, size: 9, font: body }); // a running header
    const rows = [
      ['item', 'warehouse', 'count'],
      ...[0, 1, 2].map((r) => [`crate ${p * 3 + r}`, r === 1 ? long : 'Pilot station', String(10 + r)]),
    ];
    // counts in another face, so pdf.js keeps them a text item of their own (it joins close runs of one font)
    rows.forEach((cells, r) =>
      cells.forEach((text, c) => page.drawText(text, { x: cols[c]!, y: 770 - r * 14, size: 10, font: c === 2 ? oblique : body })),
    );
  }
  const { blocks } = await parsed('ledger.pdf', doc);
  assert.ok(!blocks.some((b) => /ledger/.test(b.text)), 'the running header is dropped');
  const texts = blocks.map((b) => b.text);
  assert.equal(texts.filter((t) => t === 'item; warehouse; count').length, 1, 'the header row once, where the table starts');
  assert.equal(texts.length, 13, texts.join(' | '));
  for (let n = 0; n < 12; n++) {
    const warehouse = n % 3 === 1 ? long : 'Pilot station';
    assert.ok(
      texts.includes(`item: crate ${n}; warehouse: ${warehouse}; count: ${10 + (n % 3)}`),
      `row ${n}: ${texts.join(' | ')}`,
    );
  }
});
