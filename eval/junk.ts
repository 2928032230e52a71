// `npm run eval:junk -- FOLDER...`: how many passages the parser and chunker make of real manuals that are not
// worth reading (issue 14, item 2), by kind, with examples. The manuals are Debian packages, fetched by hand:
//   apt-get download debian-reference-en gnuplot-doc && for f in *.deb; do dpkg-deb -x "$f" manuals; done
//   npm run eval:junk -- manuals/usr/share/debian-reference manuals/usr/share/doc/gnuplot
// --code DIR measures another checkout's parser and chunker (e.g. a worktree of an older commit) on the same files.
// Prints a table per folder and, last, one JSON line.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { code: { type: 'string' }, examples: { type: 'string', default: '2' } },
  allowPositionals: true,
});
const code = resolve(values.code ?? join(import.meta.dirname, '..'));
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(join(code, rel)).href)) as T;

type Chunk = { text: string; heading: string; page: number | null };
const { parseFile } = await load<{ parseFile(p: string, o?: object): Promise<{ blocks: unknown[] }> }>(
  'src-main/core/parse/index.ts',
);
const { chunkBlocks } = await load<{ chunkBlocks(b: unknown[], o: object): Chunk[] }>('src-main/core/chunk/chunker.ts');
const { loadTokenCounter } = await load<{ loadTokenCounter(p: string): Promise<(s: string) => number> }>(
  'src-main/core/chunk/tokens.ts',
);
const countTokens = await loadTokenCounter(join(code, 'resources/models/all-MiniLM-L6-v2/tokenizer.json'));

/** The kinds of junk passage, tested in this order; a passage counts once, under the first kind it matches. */
const KINDS: Array<[string, (c: Chunk, words: string[]) => boolean]> = [
  [
    'markup or anchors only',
    (c) => /^(\s*<\/?[a-z][^>]*>\s*)+$/i.test(c.text) || /^\s*(&[a-z]+;|\[[^\]]*\]\([^)]*\)|\s)+\s*$/i.test(c.text),
  ],
  [
    'navigation bar',
    (c, w) => w.length < 30 && (c.text.match(/\b(next|previous|prev|up|home|index)\b\s*:?/gi)?.length ?? 0) >= 3,
  ],
  ['contents list', (c) => /^\s*(table of )?contents\b/i.test(c.text)],
  ['page number only', (c) => /^\s*((page|p\.)\s*)?([0-9]{1,4}|[ivxlc]{1,6})(\s*(of|\/)\s*[0-9]{1,4})?\s*$/i.test(c.text)],
  [
    'dot leaders (a table of contents)',
    (c) => /(\.\s?){6,}\s*[0-9ivx]+\b/i.test(c.text) && (c.text.match(/(\.\s?){6,}/g)?.length ?? 0) >= 2,
  ],
  [
    'one table cell',
    (c, w) =>
      w.length <= 3 &&
      !/[.!?:]$/.test(c.text.trim()) &&
      c.text.trim().split('\n').length === 1 &&
      /^[\w.%$€£-]+( [\w.%$€£-]+){0,2}$/.test(c.text.trim()),
  ],
  ['under five words', (_c, w) => w.length < 5],
  // a table read as prose: a line of its rules ("+----+----+", "|---|---|") still in the passage
  ['a table as pipes and rules', (c) => /^[ \t]*[+|][-=+|:]*[-=][-=+|:]*[+|][ \t]*$/m.test(c.text)],
];

async function pdfFurniture(path: string): Promise<Set<string>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), isEvalSupported: false, verbosity: 0 }).promise;
  const count = new Map<string, number>();
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const rows = new Map<number, string[]>();
      for (const it of (await page.getTextContent()).items) {
        if (!('str' in it) || !it.str.trim()) continue;
        const y = Math.round(it.transform[5] ?? 0);
        rows.set(y, [...(rows.get(y) ?? []), it.str]);
      }
      const ys = [...rows.keys()].sort((a, b) => b - a);
      const edge = [ys[0], ys[ys.length - 1]].filter((y): y is number => y !== undefined);
      for (const key of new Set(
        edge.map((y) =>
          rows
            .get(y)!
            .join(' ')
            .replace(/[0-9]+/g, '#')
            .replace(/\b[ivxlc]+\b/gi, '#')
            .replace(/\s+/g, ' ')
            .trim()
            .toLowerCase(),
        ),
      )) {
        if (/\p{L}{3}/u.test(key)) count.set(key, (count.get(key) ?? 0) + 1);
      }
      page.cleanup();
    }
    return new Set(
      [...count]
        .filter(([, n]) => n >= Math.max(3, doc.numPages * 0.05))
        .map(([k]) => k.replace(/#( \/ #)?$/, '').trim())
        .filter((k) => k.length >= 4),
    );
  } finally {
    await doc.destroy();
  }
}

function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}_'’-]*/gu) ?? [];
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(html?|pdf|md|txt|rst)$/i.test(name)) yield p;
  }
}

const report: Record<string, { files: number; passages: number; junk: Record<string, number>; repeatedPdfLines: number }> = {};
const examples = Number(values.examples);
for (const folder of positionals) {
  const junk: Record<string, number> = Object.fromEntries(KINDS.map(([k]) => [k, 0]));
  const shown: Record<string, string[]> = {};
  let passages = 0;
  let n = 0;
  let repeatedPdfLines = 0;
  for (const f of files(folder)) {
    let chunks: Chunk[];
    try {
      const doc = await parseFile(f, { maxBytes: 100 * 1024 * 1024 });
      chunks = chunkBlocks(doc.blocks, { path: f, countTokens, maxTokens: 254 });
    } catch {
      continue;
    }
    n++;
    passages += chunks.length;
    if (f.endsWith('.pdf')) {
      // running headers and footers, found in the PDF itself (not by the parser measured): a page's first or last
      // line that recurs, numbers aside, on 3 or more pages and 5 % of them; a passage holding one counts once
      const furniture = await pdfFurniture(f);
      const norm = (t: string): string =>
        t
          .replace(/[0-9]+/g, '#')
          .replace(/\s+/g, ' ')
          .toLowerCase();
      for (const c of chunks) if ([...furniture].some((k) => norm(c.text).includes(k))) repeatedPdfLines++;
    }
    for (const c of chunks) {
      const w = words(c.text);
      const kind = KINDS.find(([, test]) => test(c, w))?.[0];
      if (!kind) continue;
      junk[kind]!++;
      const list = (shown[kind] ??= []);
      if (list.length < examples) list.push(JSON.stringify(c.text.slice(0, 90)));
    }
  }
  report[folder] = { files: n, passages, junk, repeatedPdfLines };
  const total = Object.values(junk).reduce((a, b) => a + b, 0);
  console.log(
    `\n${folder}: ${n} files, ${passages} passages, ${total} junk (${((100 * total) / Math.max(1, passages)).toFixed(1)} %)`,
  );
  for (const [k, v] of Object.entries(junk))
    console.log(`  ${String(v).padStart(6)}  ${k}${shown[k] ? `   e.g. ${shown[k]!.join(', ')}` : ''}`);
  console.log(
    `  ${String(repeatedPdfLines).padStart(6)}  PDF passages holding a running header or footer (counted apart from the above)`,
  );
}
console.log(JSON.stringify({ code, report }));
