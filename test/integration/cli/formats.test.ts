// A folder holding one file of each everyday format, indexed and asked through the `parascope` command (real child
// processes, the bundled models, a real LanceDB): every file is indexed, and each question's answer comes first,
// from the right file, at the right slide, chapter, sheet and row, or message, in the text output and in --json.
// The office files are committed fixtures made by LibreOffice (test/fixtures/formats/make.sh); the rest are written
// here, the image and the scanned PDF rendered from text (read by OCR, on by default).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { scannedPdf, textImage } from '../../fixtures/make-scans.js';

const repo = join(import.meta.dirname, '..', '..', '..');
let docs: string;
let dataDir: string;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'parascope.mjs'), ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, PARASCOPE_PROVIDERS: 'cpu' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const mail = (subject: string, from: string, date: string, body: string): string =>
  `From: ${from}\nSubject: ${subject}\nDate: ${date}\nContent-Type: text/plain; charset=utf-8\n\n${body}\n`;

/** question, the file that answers it, where in it, and words of the answer */
const CASES: Array<[string, string, string, RegExp]> = [
  ['How much did berthing fees grow in the third quarter?', 'deck.pptx', 'slide 2', /fourteen percent/],
  ['By how much did ferry ticket sales fall?', 'deck.odp', 'slide 2', /six percent/],
  ['Which warehouse holds the copper wire?', 'sheets.xlsx', 'sheet 2, row 3', /Gull Island depot/],
  ['Where is the tarred twine stored?', 'sheets.ods', 'sheet 2, row 3', /Lantern Quay store/],
  ['How often did the lens of the light turn?', 'book.odt', '', /once every thirty seconds/],
  ['How often was the foghorn sounded in fog?', 'book.rtf', '', /twice every minute/],
  ['How often did the relief boat bring letters from the mainland?', 'book.epub', 'chapter 2', /every second Tuesday/],
  ['What is the duty of Brann on the crew roster?', 'crew.csv', 'row 3', /galley cook/],
  ['When is high water on 2 March?', 'tides.tsv', 'row 3', /06:55/],
  ['When will the inspector check the lens?', 'letters.mbox', 'message 2', /inspected in April/],
  ['How many barrels of oil arrive on Thursday?', 'order.eml', '', /twelve barrels/],
  ['Where are the tide tables kept?', 'whiteboard.png', '', /brass cabinet/],
  ['Who signed the lease for the boathouse?', 'lease-scan.pdf', 'page 2', /Marta Quill/],
  ['What colour is the new lantern glass?', 'keeper-notes.md.gz', 'line 6', /amber glass/],
  // tables in text: a Markdown pipe table and a table drawn with characters, read row by row under their header
  ['Which boat carries the mail to Coll?', 'ferries.md', 'line 3', /Route: Coll; Boat: Kittiwake/],
  ['How many gallons of lamp oil are in the north store?', 'stores.txt', 'line 1', /Store: north; Oil: 40 gallons/],
];

before(async () => {
  docs = await mkdtemp(join(tmpdir(), 'parascope-formats-docs-'));
  dataDir = await mkdtemp(join(tmpdir(), 'parascope-formats-data-'));
  for (const f of ['deck.pptx', 'deck.odp', 'sheets.xlsx', 'sheets.ods', 'book.odt', 'book.rtf', 'book.epub']) {
    await cp(join(repo, 'test', 'fixtures', 'formats', f), join(docs, f));
  }
  await writeFile(
    join(docs, 'whiteboard.png'),
    await textImage(['The harbour master keeps the tide tables', 'in the brass cabinet beside the door.']),
  );
  await writeFile(
    join(docs, 'lease-scan.pdf'),
    await scannedPdf([
      await textImage(['Boathouse lease, page one: terms and rent.']),
      await textImage(['The lease for the boathouse was signed', 'by Marta Quill on behalf of the rowing club.']),
    ]),
  );
  await writeFile(join(docs, 'crew.csv'), 'Name,Duty,Watch\nAda,lamp and lens,night\nBrann,galley cook,day\nCora,boatman,day\n');
  await writeFile(
    join(docs, 'tides.tsv'),
    'Date\tHigh water\tLow water\n1 March\t06:12 and 18:40\t00:05 and 12:30\n2 March\t06:55 and 19:21\t00:48 and 13:10\n',
  );
  await writeFile(
    join(docs, 'letters.mbox'),
    [
      `From office@harbour.example Tue Mar  3 09:00:00 2026\n${mail('Coal', 'office@harbour.example', 'Tue, 3 Mar 2026 09:00:00 +0000', 'Two tons of coal for the cottage stove come with the next boat.')}`,
      `From inspector@trinity.example Wed Mar  4 10:00:00 2026\n${mail('Inspection', 'inspector@trinity.example', 'Wed, 4 Mar 2026 10:00:00 +0000', 'The lens and the lamp will be inspected in April; keep the logbook ready.')}`,
      `From cook@saltmarsh.example Thu Mar  5 11:00:00 2026\n${mail('Bread', 'cook@saltmarsh.example', 'Thu, 5 Mar 2026 11:00:00 +0000', 'Rye bread is baked on Sundays.')}`,
    ].join('\n'),
  );
  await writeFile(
    join(docs, 'order.eml'),
    mail(
      'Oil delivery',
      'Harbour Office <office@harbour.example>',
      'Tue, 3 Mar 2026 09:00:00 +0000',
      'Twelve barrels of colza oil arrive on Thursday; the keeper signs for twelve barrels at the jetty.',
    ),
  );

  await writeFile(
    join(docs, 'ferries.md'),
    '# Ferries\n\n| Route | Boat | Carries |\n|---|---|---|\n| Mull | Puffin | passengers and cars |\n| Coll | Kittiwake | the mail and parcels |\n',
  );
  await writeFile(
    join(docs, 'stores.txt'),
    [
      'Stores at the light, as the keeper counted them.',
      '',
      '+-------+-----------+----------+',
      '| Store | Oil       | Wicks    |',
      '|-------+-----------+----------|',
      '| north | 40        | 200      |',
      '|       | gallons   |          |',
      '|-------+-----------+----------|',
      '| south | 12        | 50       |',
      '|       | gallons   |          |',
      '+-------+-----------+----------+',
    ].join('\n'),
  );

  // Linux keeps documentation gzip-compressed (README.gz, changelog.gz): read as the file inside
  await writeFile(
    join(docs, 'keeper-notes.md.gz'),
    gzipSync(
      '# Keeper notes\n\nThe boat was painted in May.\n\n## Lantern\nThe new lantern glass is amber glass, fitted after the storm.\n',
    ),
  );
});

after(async () => {
  await rm(docs, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

test('every format is indexed, and each answer comes first with its location', { timeout: 600_000 }, () => {
  const idx = cli(['index', docs]);
  assert.equal(idx.status, 0, idx.stderr);
  assert.match(idx.stdout, new RegExp(`files: ${CASES.length} indexed, 0 unchanged, 0 skipped, 0 failed`));

  for (const [question, file, location, answer] of CASES) {
    const r = cli(['ask', question, '--json', '--top', '3']);
    assert.equal(r.status, 0, r.stderr);
    const top = (JSON.parse(r.stdout) as { passages: Array<{ path: string; location: string; text: string }> }).passages[0];
    assert.equal(basename(top?.path ?? ''), file, `${question} -> ${top?.path}: ${top?.text}`);
    assert.equal(top?.location, location, question);
    assert.match(top?.text ?? '', answer, question);
  }

  // a date asked as people say it, where the table writes it otherwise (search/numbers.ts): the words alone find it
  for (const question of ['When is high water on the 2nd of March?', 'When is high water on March 2nd?']) {
    const r = cli(['ask', question, '--json', '--top', '3', '--mode', 'lexical', '--no-rerank']);
    const [top, next] = (
      JSON.parse(r.stdout) as { passages: Array<{ path: string; location: string; text: string; score: number }> }
    ).passages;
    assert.equal(`${basename(top?.path ?? '')} ${top?.location}`, 'tides.tsv row 3', `${question} -> ${top?.text}`);
    assert.ok(top!.score > next!.score, `ahead of ${next?.text}, not level with it`);
  }

  const text = cli(['ask', 'Which warehouse holds the copper wire?', '--top', '1', '--quiet']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^1\. sheets\.xlsx {2}\(sheets\.xlsx, sheet 2, row 3\)/m);
  assert.match(text.stdout, /§ Inventory/);
  // --quiet prints only results and errors: no stage times, no progress
  assert.match(cli(['ask', 'Which warehouse holds the copper wire?', '--top', '1']).stdout, /^\(embed \d+ ms, search/m);
  assert.doesNotMatch(text.stdout, /\(embed \d+ ms/);
  assert.equal(text.stderr, '');
  assert.match(idx.stderr, /files/); // the progress line, on stderr
  const again = cli(['index', docs, '--quiet']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stderr, '');
  assert.match(again.stdout, new RegExp(`files: 0 indexed, ${CASES.length} unchanged`));
});
