import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import {
  LATIN1,
  makeFixtures,
  MARKDOWN,
  PDF_PAGE1,
  PDF_PAGE1_SECOND,
  PDF_PAGE2,
  RST,
  type Fixtures,
} from '../../fixtures/make-fixtures.js';
import { FileProblem, parseFile } from '../../../src-main/core/parse/index.js';
import type { Block } from '../../../src-main/common/types.js';

let fx: Fixtures;
before(async () => {
  fx = await makeFixtures();
});
after(() => rm(fx.dir, { recursive: true, force: true }));

const brief = (blocks: Block[]): Array<[string, string, number | undefined]> =>
  blocks.map((b) => [b.kind, b.text, b.kind === 'heading' ? b.level : (b.page ?? b.line)]);

async function problem(path: string, opts = {}): Promise<[string, string]> {
  try {
    await parseFile(path, opts);
  } catch (err) {
    assert.ok(err instanceof FileProblem, `expected FileProblem, got ${String(err)}`);
    return [err.state, err.message];
  }
  assert.fail(`${path} parsed without a problem`);
}

test('text: blank-line paragraphs with lines and exact offsets', async () => {
  const doc = await parseFile(fx.text);
  const src = await readFile(fx.text, 'utf8');
  assert.equal(doc.format, 'text');
  assert.deepEqual(brief(doc.blocks), [
    ['paragraph', 'Alpha line one\nalpha line two', 1],
    ['paragraph', 'Beta paragraph', 5],
    ['paragraph', 'Gamma', 7],
  ]);
  for (const b of doc.blocks) assert.equal(src.slice(b.start, b.end), b.text);
});

test('text and rst: tables drawn with characters are read row by row, each value named by its header', async () => {
  // the shape of debian-reference.en.txt (a page rendered by w3m: cells wrapped onto several lines), a database
  // shell's output (rules only around the header) and a reST grid table ("=" under the header)
  const rendered = [
    'Table 1.1. List of interesting text-mode program packages',
    '',
    '    +---------------------------------------------------------------+',
    '    | package |popcon|size |              description               |',
    '    |---------+------+-----+----------------------------------------|',
    '    |mc       |V:54, |1482 |A text-mode full-screen file manager    |',
    '    |         |I:226 |     |                                        |',
    '    |---------+------+-----+----------------------------------------|',
    '    |         |V:97, |     |Unix text editor Vi IMproved, a         |',
    '    |vim      |I:390 |3570 |programmers text editor (standard       |',
    '    |         |      |     |version)                                |',
    '    +---------------------------------------------------------------+',
    '',
    'You can install some of these packages.',
    '',
    '+----+--------+',
    '| id | keeper |',
    '+----+--------+',
    '|  1 | Ada    |',
    '|  2 | Brann  |',
    '+----+--------+',
    '',
    // rules around the table only: each line a row
    '+-------+-------+',
    '| Mull  | ferry |',
    '| Coll  | plane |',
    '+-------+-------+',
    '',
    // a box around a note (one column) and a diagram stay text
    '+-----------------------+',
    '| Back up before this.  |',
    '+-----------------------+',
    '',
    'Keyboard -> Linux kernel',
    '   |          ^',
    '   +----------+',
  ].join('\n');
  const txt = join(fx.dir, 'reference.txt');
  await writeFile(txt, rendered);
  const blocks = (await parseFile(txt)).blocks;
  assert.deepEqual(brief(blocks), [
    ['paragraph', 'Table 1.1. List of interesting text-mode program packages', 1],
    ['paragraph', 'package; popcon; size; description', 4],
    ['paragraph', 'package: mc; popcon: V:54, I:226; size: 1482; description: A text-mode full-screen file manager', 6],
    [
      'paragraph',
      'package: vim; popcon: V:97, I:390; size: 3570; description: Unix text editor Vi IMproved, a programmers text editor (standard version)',
      9,
    ],
    ['paragraph', 'You can install some of these packages.', 14],
    ['paragraph', 'id; keeper', 17],
    ['paragraph', 'id: 1; keeper: Ada', 19],
    ['paragraph', 'id: 2; keeper: Brann', 20],
    ['paragraph', 'Mull; ferry', 24],
    ['paragraph', 'Coll; plane', 25],
    ['paragraph', '+-----------------------+\n| Back up before this.  |\n+-----------------------+', 28],
    ['paragraph', 'Keyboard -> Linux kernel\n   |          ^\n   +----------+', 32],
  ]);
  // a row's offsets span its lines in the file, for the preview
  const row = blocks[2] as Block;
  assert.equal(rendered.slice(row.start, row.end), rendered.split('\n').slice(5, 7).join('\n').slice(4));

  const rst = join(fx.dir, 'tides.rst');
  await writeFile(
    rst,
    [
      'Tides',
      '=====',
      '',
      '+------------+-----------------+',
      '| Date       | High water      |',
      '+============+=================+',
      '| 1 March    | 06:12 and       |',
      '|            | 18:40           |',
      '+------------+-----------------+',
      '| 2 March    | ``06:55``       |',
      '+------------+-----------------+',
    ].join('\n'),
  );
  assert.deepEqual(brief((await parseFile(rst)).blocks), [
    ['heading', 'Tides', 1],
    ['paragraph', 'Date; High water', 5],
    ['paragraph', 'Date: 1 March; High water: 06:12 and 18:40', 7],
    ['paragraph', 'Date: 2 March; High water: 06:55', 10],
  ]);
});

test("text: psql's output is read row by row under its header, even right under the query line", async () => {
  const file = join(fx.dir, 'keepers.txt');
  const source = [
    'harbour=> select name, station, shift from keepers;',
    '  name  |  station   | shift',
    '--------+------------+-------',
    ' Ada    | North Head | night',
    ' Brann  |            | day',
    '(2 rows)',
    '',
    'Plain | text with a pipe',
    '---+--- is not a rule under it.',
  ].join('\n');
  await writeFile(file, source);
  const blocks = (await parseFile(file)).blocks;
  assert.deepEqual(brief(blocks), [
    ['paragraph', 'harbour=> select name, station, shift from keepers;', 1],
    ['paragraph', 'name; station; shift', 2],
    ['paragraph', 'name: Ada; station: North Head; shift: night', 4],
    ['paragraph', 'name: Brann; shift: day', 5],
    ['paragraph', 'Plain | text with a pipe\n---+--- is not a rule under it.', 8],
  ]);
  assert.equal(source.slice(blocks[2]!.start, blocks[2]!.end), 'Ada    | North Head | night');
});

test('markdown: ATX and setext headings, paragraphs, fenced code kept whole', async () => {
  const doc = await parseFile(fx.markdown);
  assert.deepEqual(brief(doc.blocks), [
    ['heading', 'Guide', 1],
    ['paragraph', 'Intro paragraph line one\ncontinues here.', 3],
    ['heading', 'Setext Title', 2],
    ['paragraph', '```js\nconst a = 1;\n\nconst b = 2;\n```', 9],
    ['heading', 'Deep *section*', 2],
    ['paragraph', 'Last paragraph.', 17],
  ]);
  const para = doc.blocks[1] as Block;
  assert.equal(MARKDOWN.slice(para.start, para.end), para.text);
});

test('markdown: a pipe table is read row by row, each value named by its header row', async () => {
  const md = join(fx.dir, 'crew.md');
  const source = [
    '# Crew',
    '',
    'Who keeps the light:',
    '| Name | Duty | Watch |',
    '|:-----|------|------:|',
    '| Ada | lamp and lens | night |',
    '| Brann | galley \\| cook | day |',
    'Cora | boatman',
    '',
    'A line with a | pipe is prose.',
    '',
    '| not | a table |',
    '| --- |',
  ].join('\n');
  await writeFile(md, source);
  const blocks = (await parseFile(md)).blocks;
  assert.deepEqual(brief(blocks), [
    ['heading', 'Crew', 1],
    ['paragraph', 'Who keeps the light:', 3],
    ['paragraph', 'Name; Duty; Watch', 4],
    ['paragraph', 'Name: Ada; Duty: lamp and lens; Watch: night', 6],
    ['paragraph', 'Name: Brann; Duty: galley | cook; Watch: day', 7],
    ['paragraph', 'Name: Cora; Duty: boatman', 8],
    ['paragraph', 'A line with a | pipe is prose.', 10],
    ['paragraph', '| not | a table |\n| --- |', 12],
  ]);
  // a row's offsets are its line in the file, for the preview
  const ada = blocks[3] as Block;
  assert.equal(source.slice(ada.start, ada.end), '| Ada | lamp and lens | night |');
});

test('asciidoc: one-line and two-line titles, delimited blocks whole, markup lines left out', async () => {
  const adoc = join(fx.dir, 'reset.adoc');
  const source = [
    '= Git reset',
    ':toc: left',
    '',
    '// a comment for the writers',
    'include::shared-options.txt[]',
    '[[undo]]',
    '== Undo a commit',
    '',
    'Reset moves the branch back.',
    '',
    '[source,sh]',
    '----',
    '$ git reset --hard HEAD~3',
    '',
    '$ git status',
    '----',
    '',
    '////',
    'An old note.',
    '////',
    'OPTIONS',
    '-------',
    '--soft::',
    '\tDoes not touch the index.',
    '',
    '----',
    'A rule never closed is not a block.',
  ].join('\n');
  await writeFile(adoc, source);
  const doc = await parseFile(adoc);
  assert.equal(doc.format, 'asciidoc');
  assert.deepEqual(brief(doc.blocks), [
    ['heading', 'Git reset', 1],
    ['heading', 'Undo a commit', 2],
    ['paragraph', 'Reset moves the branch back.', 9],
    ['paragraph', '$ git reset --hard HEAD~3\n\n$ git status', 13],
    ['heading', 'OPTIONS', 2],
    ['paragraph', '--soft::\n\tDoes not touch the index.', 23],
    ['paragraph', 'A rule never closed is not a block.', 27],
  ]);
  for (const b of doc.blocks.filter((x) => x.kind === 'paragraph')) assert.equal(source.slice(b.start, b.end), b.text);

  // a .txt whose first line is a title underlined with "=" (git names its AsciiDoc sources so) is read the same
  // way, drawn tables included; one that starts otherwise stays plain text
  const txt = join(fx.dir, 'git-reset.txt');
  await writeFile(
    txt,
    'git-reset(1)\n============\n\nNAME\n----\ngit-reset - Reset current HEAD\n\n+----+-----+\n| a  | b   |\n+----+-----+\n',
  );
  assert.deepEqual(brief((await parseFile(txt)).blocks), [
    ['heading', 'git-reset(1)', 1],
    ['heading', 'NAME', 2],
    ['paragraph', 'git-reset - Reset current HEAD', 6],
    ['paragraph', 'a; b', 9],
  ]);
  const plain = join(fx.dir, 'notes.txt');
  await writeFile(plain, 'Notes\n\nNAME\n----\nkept as text\n');
  assert.deepEqual(brief((await parseFile(plain)).blocks), [
    ['paragraph', 'Notes', 1],
    ['paragraph', 'NAME\n----\nkept as text', 3],
  ]);
});

test('asciidoc tables: a block per row named by the header, cells over several lines, specifiers left out', async () => {
  const adoc = join(fx.dir, 'sizes.adoc');
  const source = [
    'Space used:',
    '',
    '[cols=",>,>",options="header",]',
    '|===',
    '|format |size |avg entry',
    '|$GIT_DIR/logs |173 M |1209 bytes',
    '|reftable |5 M |37 bytes',
    '|===',
    '',
    '|===',
    '|Command |Does',
    '',
    '|git add',
    '|Adds file contents',
    'to the index',
    '',
    '2+|a note across both columns',
    '|a \\| pipe |kept',
    '|===',
    '',
    '[%noheader]',
    '|===',
    '|north |40 gallons',
    '|===',
    '',
    '|===',
    '|never closed',
  ].join('\n');
  await writeFile(adoc, source);
  const blocks = (await parseFile(adoc)).blocks;
  assert.deepEqual(brief(blocks), [
    ['paragraph', 'Space used:', 1],
    ['paragraph', 'format; size; avg entry', 5],
    ['paragraph', 'format: $GIT_DIR/logs; size: 173 M; avg entry: 1209 bytes', 6],
    ['paragraph', 'format: reftable; size: 5 M; avg entry: 37 bytes', 7],
    // the implicit header: a first line holding every cell, then a blank line
    ['paragraph', 'Command; Does', 11],
    ['paragraph', 'Command: git add; Does: Adds file contents to the index', 13],
    ['paragraph', 'Command: a note across both columns', 17],
    ['paragraph', 'Command: a | pipe; Does: kept', 18],
    ['paragraph', 'north; 40 gallons', 23],
    ['paragraph', '|never closed', 27],
  ]);
  // a row's offsets are its lines in the file, for the preview
  const row = blocks[5] as Block;
  assert.equal(source.slice(row.start, row.end), '|git add\n|Adds file contents\nto the index');
});

test('rst: over/underlined titles, levels by first appearance, markup stripped', async () => {
  const doc = await parseFile(fx.rst);
  assert.deepEqual(brief(doc.blocks), [
    ['heading', 'Main Title', 1],
    ['paragraph', 'Intro text with a link and code.', 5],
    ['heading', 'Section One', 2],
    ['paragraph', 'Directive body text.', 10],
    ['heading', 'Subsection', 3],
    ['paragraph', 'Body of subsection.', 17],
  ]);
  const intro = doc.blocks[1] as Block;
  assert.match(RST.slice(intro.start, intro.end), /^Intro text with a :ref:`link <target>`/);
});

test('html: block elements, headings, script/style/nav skipped, a table row one block, offsets into extracted text', async () => {
  const doc = await parseFile(fx.html);
  assert.deepEqual(brief(doc.blocks), [
    ['heading', 'Main & Title', 1],
    ['paragraph', 'First paragraph with bold text.', undefined],
    ['paragraph', 'Item one', undefined],
    ['paragraph', 'Item two', undefined],
    ['heading', 'Table', 2],
    ['paragraph', 'Cell A; Cell B', undefined],
    ['paragraph', 'line 1\n  line 2', undefined],
  ]);
  const extracted = doc.blocks.map((b) => b.text).join('\n\n');
  for (const b of doc.blocks) assert.equal(extracted.slice(b.start, b.end), b.text);
});

test('html: navigation bars, contents lists and permalinks of generated manuals are skipped (DocBook, LaTeX2HTML, Sphinx, ARIA)', async () => {
  const path = join(fx.dir, 'manual.html');
  // the markup shapes of debian-reference (DocBook XSL) and gnuplot-doc (LaTeX2HTML) pages, cut down
  await writeFile(
    path,
    `<html><body>
    <div class="navheader"><table><tr><th colspan="3">Chapter 5. Network setup</th></tr>
      <tr><td><a href="ch04.html">Prev</a></td><td><a href="ch06.html">Next</a></td></tr></table></div>
    <div class="chapter"><h1>Chapter 5. Network setup</h1>
      <div class="toc"><p><b>Table of Contents</b></p><dl class="toc"><dt>5.1. The hostname</dt>
        <dd><div><dl><dt>5.1.1. Resolution</dt></dl></div></dd></dl></div>
      <p>The hostname resolution is done by the NSS mechanism.</p></div>
    <DIV CLASS="navigation"><B> Next:</B> <A HREF="n2.html">Yerrorlines</A> <B> Up:</B> <A>Plotting styles</A></DIV>
    <A ID="CHILD_LINKS"><STRONG>Subsections</STRONG></A><UL CLASS="ChildLinks"><LI>Xerrorlines</LI></UL>
    <div role="navigation"><a href="/">Home</a></div><div class="sphinxsidebar"><p>Quick search</p></div>
    <div class="navfooter"><p>Home | Up</p></div><p>Last paragraph after the panels.</p>
    <h2>Glossary<a class="headerlink" href="#glossary" title="Permalink to this heading">¶</a></h2>
    <dl><dt id="term-decorator">decorator<a class="headerlink" href="#term-decorator" title="Link to this term">¶</a></dt>
      <dd><p>A function returning another function.</p></dd></dl>
    </body></html>`,
  );
  assert.deepEqual(brief((await parseFile(path)).blocks), [
    ['heading', 'Chapter 5. Network setup', 1],
    ['paragraph', 'The hostname resolution is done by the NSS mechanism.', undefined],
    ['paragraph', 'Last paragraph after the panels.', undefined],
    // Sphinx's and MkDocs' permalinks ("¶" after each heading and term) are left out
    ['heading', 'Glossary', 2],
    ['paragraph', 'decorator', undefined],
    ['paragraph', 'A function returning another function.', undefined],
  ]);
});

test("html: Sphinx's general and module indexes and every page's footer are skipped, the page's own text kept", async () => {
  // the markup of python3.11-doc's genindex-A.html, py-modindex.html and the footer of every page, cut down
  const path = join(fx.dir, 'genindex.html');
  await writeFile(
    path,
    `<html><body><div class="body" role="main">
    <h1 id="index">Index &ndash; A</h1>
    <div class="genindex-jumpbox"><a href="#_">_</a> | <a href="#a"><strong>a</strong></a></div>
    <table style="width: 100%" class="indextable genindextable"><tr><td style="width: 33%"><ul>
      <li><a href="library/re.html#re.A">A (in module re)</a></li>
      <li><a href="library/binascii.html#binascii.a2b_base64">a2b_base64() (in module binascii)</a></li>
    </ul></td></tr></table>
    <table class="indextable modindextable" cellspacing="0" cellpadding="2">
      <tr class="pcap"><td></td><td>&#160;</td><td></td></tr>
      <tr class="cap" id="cap-_"><td></td><td><strong>_</strong></td><td></td></tr>
      <tr><td></td><td><a href="library/__future__.html#module-__future__"><code class="xref">__future__</code></a></td>
        <td><em>Future statement definitions</em></td></tr></table>
    <p>Index pages by letter.</p></div>
    <div class="footer">&copy; <a href="copyright.html">Copyright</a> 2001-2026, Python Software Foundation.<br />
      This page is licensed under the Python Software Foundation License Version 2.</div>
    <footer role="contentinfo"><p>Built with a theme.</p></footer>
    <div id="footer"><div id="footer-text">Last updated 2024-05-31 00:35:55 UTC</div></div>
    </body></html>`,
  );
  assert.deepEqual(brief((await parseFile(path)).blocks), [
    ['heading', 'Index – A', 1],
    ['paragraph', 'Index pages by letter.', undefined],
  ]);
  // a page that is its title and an index alone has no text of its own: skipped with its reason, where a page of
  // headings alone, with nothing left out, is still read
  const letter = join(fx.dir, 'genindex-B.html');
  await writeFile(
    letter,
    `<html><body><h1>Index &ndash; B</h1><table class="indextable genindextable"><tr><td><ul>
      <li><a href="library/base64.html#base64.b16decode">b16decode() (in module base64)</a></li></ul></td></tr></table>
    <div class="footer">&copy; 2001-2026, Python Software Foundation.</div></body></html>`,
  );
  assert.deepEqual(await problem(letter), ['skipped', 'an index or contents page, no text of its own']);
  const titles = join(fx.dir, 'titles.html');
  await writeFile(titles, '<html><body><h1>Release notes</h1><h2>Version 2</h2></body></html>');
  assert.deepEqual(brief((await parseFile(titles)).blocks), [
    ['paragraph', 'Release notes', undefined],
    ['paragraph', 'Version 2', undefined],
  ]);
});

test('html: a single 10 MB line parses in linear time', async () => {
  const path = join(fx.dir, 'oneline.html');
  const words = 'lorem ipsum dolor sit amet '.repeat(400_000);
  await writeFile(path, `<html><body><p>${words}</p><p>tail</p></body></html>`);
  const t0 = Date.now();
  const doc = await parseFile(path);
  assert.ok(Date.now() - t0 < 10_000);
  assert.equal(doc.blocks.length, 2);
  assert.equal(doc.blocks[0]?.text.length, words.trim().length);
  assert.equal(doc.blocks[1]?.text, 'tail');
});

test('pdf: paragraphs by vertical gaps, page numbers kept', async () => {
  const doc = await parseFile(fx.pdf);
  assert.equal(doc.format, 'pdf');
  assert.deepEqual(brief(doc.blocks), [
    ['paragraph', PDF_PAGE1[0], 1],
    ['paragraph', `${PDF_PAGE1[1]} ${PDF_PAGE1[2]}`, 1],
    ['paragraph', PDF_PAGE1_SECOND, 1],
    ['paragraph', PDF_PAGE2, 2],
  ]);
  const extracted = doc.blocks.map((b) => b.text).join('\n\n');
  for (const b of doc.blocks) assert.equal(extracted.slice(b.start, b.end), b.text);
});

test('pdf problems: password, truncated, no text layer, junk', async () => {
  assert.deepEqual(await problem(fx.encryptedPdf), ['failed', 'PDF is password-protected']);
  const [state, msg] = await problem(fx.truncatedPdf);
  assert.equal(state, 'failed');
  assert.match(msg, /^corrupt PDF: /);
  assert.deepEqual(await problem(fx.scannedPdf), ['skipped', 'PDF has no text layer (scanned?)']);
  const junk = join(fx.dir, 'junk.pdf');
  await writeFile(junk, 'this is not a pdf at all');
  assert.match((await problem(junk))[1], /^corrupt PDF: /);
});

test('docx: headings carry over through mammoth', async () => {
  const doc = await parseFile(fx.docx);
  assert.deepEqual(brief(doc.blocks), [
    ['heading', 'Quarterly Report', 1],
    ['paragraph', 'Revenue grew in the northern region.', undefined],
    ['heading', 'Costs', 2],
    ['paragraph', 'Costs fell & margins rose.', undefined],
  ]);
});

test('docx problems: junk archive, zip bomb', async () => {
  const [state, msg] = await problem(fx.junkDocx);
  assert.equal(state, 'failed');
  assert.match(msg, /^corrupt DOCX/);
  assert.deepEqual(await problem(fx.bombDocx), ['failed', 'DOCX expands beyond the size limit']);
});

test('encodings: UTF-16 LE/BE with BOM, UTF-16 without BOM, UTF-8 BOM', async () => {
  for (const path of [fx.utf16le, fx.utf16be, fx.utf16leNoBom, fx.utf8bom]) {
    const doc = await parseFile(path);
    assert.deepEqual(
      doc.blocks.map((b) => [b.text, b.line, b.start]),
      [
        ['Grüße aus Köln', 1, 0],
        ['Second paragraph ☃', 3, 16],
      ],
      path,
    );
  }
});

test('legacy encodings: Latin-1, Windows-1252, ISO-8859-2, Windows-1251, Shift_JIS, GBK are read; bytes that read as no text are not', async () => {
  const paragraphs = async (path: string): Promise<string[]> => (await parseFile(path)).blocks.map((b) => b.text);
  assert.deepEqual(await paragraphs(fx.latin1), LATIN1.trim().split('\n\n'));
  const cases: Array<[string, string, string]> = [
    ['cp1252.txt', 'windows-1252', 'Die Straße führt über die Brücke. Preis: 20 € – „günstig“.'],
    ['one-degree.dem', 'latin1', "set xlabel '$x$ / °'\nplot sin(x) title 'angle'"], // one byte outside ASCII
    ['letter.txt', 'win1251', 'Встреча начнётся завтра в три часа.'],
    ['list.txt', 'iso-8859-2', 'Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig.'], // not Windows-1252
    ['memo.txt', 'shift_jis', '会議は明日の午後三時に始まります。資料を持ってきてください。'],
    ['note.txt', 'gbk', '这是一个中文文本。北京是中国的首都。'],
  ];
  for (const [name, encoding, text] of cases) {
    const path = join(fx.dir, name);
    await writeFile(path, iconv.encode(text, encoding));
    assert.deepEqual(await paragraphs(path), [text], name);
  }
  // UTF-8 with a stray byte is damaged UTF-8, not Windows-1252 (which would turn every accent to junk)
  const damaged = join(fx.dir, 'damaged-utf8.txt');
  await writeFile(damaged, Buffer.concat([Buffer.from('Crème brûlée, café au lait. '), Buffer.from([0xe9, 0x0a])]));
  assert.deepEqual(await problem(damaged), ['failed', 'not valid UTF-8 text']);
  // high bytes that no encoding reads as words (an image's raw pixels): not indexed as mojibake
  assert.deepEqual(await problem(fx.invalidUtf8), ['failed', 'unknown text encoding (not UTF-8)']);
});

test('text problems: invalid UTF-8, binary, empty, size limit, vanished, permission denied', async () => {
  assert.deepEqual(await problem(fx.invalidUtf8), ['failed', 'unknown text encoding (not UTF-8)']);
  assert.deepEqual(await problem(fx.binaryTxt), ['skipped', 'binary file']);
  assert.deepEqual(await problem(fx.empty), ['skipped', 'empty file']);
  assert.deepEqual(await problem(fx.text, { maxBytes: 10 }), ['skipped', 'over the size limit (1 KB)']);
  assert.deepEqual(await problem(join(fx.dir, 'gone.txt')), ['failed', 'file disappeared while indexing']);
  const unknownBinary = join(fx.dir, 'data.xyz');
  await writeFile(unknownBinary, Buffer.from([1, 2, 3, 0, 0, 5]));
  assert.deepEqual(await problem(unknownBinary), ['skipped', 'binary file']);
  const unknownText = join(fx.dir, 'Makefile');
  await writeFile(unknownText, 'all:\n\techo hi\n');
  assert.equal((await parseFile(unknownText)).blocks[0]?.text, 'all:\n\techo hi');
  if (process.getuid?.() !== 0) {
    const locked = join(fx.dir, 'locked.txt');
    await writeFile(locked, 'secret');
    await chmod(locked, 0o000);
    assert.deepEqual(await problem(locked), ['failed', 'permission denied']);
  }
});

test('gzip: a compressed document is read as the file it holds, within the size limit', async () => {
  const md = join(fx.dir, 'guide.md.gz');
  await writeFile(md, gzipSync(MARKDOWN));
  const doc = await parseFile(md, { withText: true });
  const plain = await parseFile(fx.markdown, { withText: true });
  assert.equal(doc.format, 'markdown');
  assert.deepEqual(doc.blocks, plain.blocks); // headings, lines and offsets as if it were not compressed
  assert.equal(doc.text, plain.text); // the preview's text is the uncompressed document
  const readme = join(fx.dir, 'README.gz');
  // two gzip members, as `gzip -c a b > c` writes: both are read
  await writeFile(readme, Buffer.concat([gzipSync('First part of the notes.\n\n'), gzipSync('Second part of the notes.\n')]));
  assert.deepEqual(
    (await parseFile(readme)).blocks.map((b) => b.text),
    ['First part of the notes.', 'Second part of the notes.'],
  );
  // a small file that expands past the limit stops at the limit
  const bomb = join(fx.dir, 'bomb.txt.gz');
  await writeFile(bomb, gzipSync(Buffer.alloc(4 * 1024 * 1024, 'a')));
  assert.deepEqual(await problem(bomb, { maxBytes: 1024 * 1024 }), ['skipped', 'over the size limit (1 MB) once uncompressed']);
  const damaged = join(fx.dir, 'damaged.txt.gz');
  await writeFile(damaged, gzipSync('Some text that will be cut short.'.repeat(50)).subarray(0, 30));
  assert.deepEqual(await problem(damaged), ['failed', 'damaged gzip file (it cannot be uncompressed)']);
  const notGzip = join(fx.dir, 'plain.txt.gz');
  await writeFile(notGzip, 'plain text under a .gz name');
  assert.deepEqual(await problem(notGzip), ['failed', 'not a gzip file']);
  const binaryInside = join(fx.dir, 'data.txt.gz');
  await writeFile(binaryInside, gzipSync(Buffer.from([1, 2, 3, 0, 0, 5])));
  assert.deepEqual(await problem(binaryInside), ['skipped', 'binary file']);
});

test('minified code and one-line data are skipped as generated; prose one paragraph a line is read', async () => {
  // Sphinx's searchindex.js, a minified library, a JSON export on one line: most of the text in lines of over 10,000
  const terms = Array.from({ length: 3000 }, (_, i) => `"term${i}":[${i},${(i * 7) % 97}]`).join(',');
  const index = join(fx.dir, 'searchindex.js');
  await writeFile(index, `Search.setIndex({"docnames":["faq/general"],"terms":{${terms}}})`);
  const reason = 'minified or generated text (lines of over 10,000 characters), not read';
  assert.deepEqual(await problem(index), ['skipped', reason]);
  const min = join(fx.dir, 'app.min.css');
  await writeFile(min, `/* v1 */\n${'.a{color:red}.b>p{margin:0 auto;padding:1px}'.repeat(400)}\n`);
  assert.deepEqual(await problem(min), ['skipped', reason]);

  // a novel written one paragraph a line (long lines, but under the mark), and code with one long line among many
  const para = 'The keeper trimmed the wick and wrote the weather in the log before the night came down on the rock. ';
  const novel = join(fx.dir, 'novel.txt');
  await writeFile(novel, Array.from({ length: 12 }, () => para.repeat(40)).join('\n\n'));
  assert.equal((await parseFile(novel)).blocks.length, 12);
  const code = join(fx.dir, 'data.py');
  const body = Array.from({ length: 900 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join('\n');
  await writeFile(code, `${body}\nBLOB = "${'ab'.repeat(6000)}"\n`);
  assert.ok((await parseFile(code)).blocks.length > 100);
});

test('PostScript under another name is not read as text', async () => {
  const ps = join(fx.dir, 'manual.txt');
  await writeFile(ps, '%!PS-Adobe-2.0\n%%Creator: dvips\n/TeXDict 300 dict def TeXDict begin\n(Greek)p 3068 600 4 100 v\n');
  assert.deepEqual(await problem(ps), ['skipped', 'PostScript file (not read)']);
});
