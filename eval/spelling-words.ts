// Which words spelling correction takes as spelled right, compared offline on all seven corpora: the correction step
// alone (src-main/core/search/spelling.ts, no models), so it runs in seconds. Per corpus and slice:
// - clean questions changed: questions as the dataset has them that correction rewrites (against their own library);
// - restored: misspelled words (eval/corpora.ts `misspell`, as in eval:typos) put back to what was typed before;
// - other library: clean questions rewritten when asked of another corpus's library (squad's of the FAQ's, the
//   others' of SQuAD's), the case of docs/relevance.md where the library does not hold the question's subject.
// Settings: the embedding model's whole words alone, or with SCOWL's English lists up to a size (english-words.ts).
// Usage: tsx eval/spelling-words.ts [tune|test] [sizes, e.g. 35,50,60,70] → a markdown table on stdout
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { misspell, pythonFaq, slices, squad, type Corpus } from './corpora.js';
import { MORE_CORPORA, splitByDocument } from './corpora-more.js';
import { TextTokenizer } from '../src-main/core/models/tokenizer.js';
import { englishWords } from '../src-main/core/search/english-words.js';
import { buildVocabulary, correctSpelling, type KnownWords, type WordCounts } from '../src-main/core/search/spelling.js';

const SEED = 13;
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(repo, 'eval', '.cache');
const slice = process.argv[2] === 'test' ? 'test' : 'tune';
const sizes = (process.argv[3] ?? '35,50,60,70').split(',').map(Number);

const model = (await TextTokenizer.load(join(repo, 'resources', 'models', 'all-MiniLM-L6-v2'))).words;
const settings: Array<[string, KnownWords]> = [['model vocabulary', model]];
for (const n of sizes) {
  const english = englishWords(n);
  settings.push([`+ English ≤ ${n} (${english.size} words)`, { has: (w) => model.has(w) || english.has(w) }]);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const corpora: Corpus[] = [
  squad(repo, cache),
  pythonFaq(repo, cache),
  ...Object.values(MORE_CORPORA).map((load) => load(repo, cache)),
];
// the library's words counted per paragraph, as the store counts them per passage
const libraries = new Map<string, WordCounts>();
const questions = new Map<string, string[]>();
for (const c of corpora) {
  libraries.set(c.name, buildVocabulary(files(c.dir).flatMap((f) => readFileSync(f, 'utf8').split(/\n\s*\n/))));
  // the slices of eval/run.ts and eval/typos.ts
  const s = c.name === 'squad' || c.name === 'pyfaq' ? slices(c, SEED, 200, 100) : splitByDocument(c, SEED, 1 / 3, 150, 50);
  questions.set(
    c.name,
    s[slice].map((q) => q.question),
  );
}

const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(1) : '–');
const words = (s: string): string[] => s.split(/(\P{L}+)/u);
const rows: string[] = [];
const seen: string[] = [];
const mine: string[] = [];
for (const [name, known] of settings) {
  const all = { clean: 0, questions: 0, typos: 0, restored: 0, other: 0 };
  for (const c of corpora) {
    const library = libraries.get(c.name)!;
    const other = libraries.get(c.name === 'squad' ? 'pyfaq' : 'squad')!;
    const list = questions.get(c.name)!;
    const n = { clean: 0, typos: 0, restored: 0, other: 0 };
    list.forEach((q, i) => {
      const own = correctSpelling(q, library, known).corrections;
      if (own.length) n.clean++;
      const away = correctSpelling(q, other, known).corrections;
      if (away.length) n.other++;
      const shown = settings.length > 1 && (name === settings[0]![0] || name === settings.at(-1)![0]);
      if (shown && own.length) mine.push(`${name}, ${c.name}: ${own.map((x) => `${x.from} → ${x.to}`).join(', ')}`);
      if (shown && away.length)
        seen.push(
          `${name}, ${c.name} asked of ${c.name === 'squad' ? 'pyfaq' : 'squad'}: ${away.map((x) => `${x.from} → ${x.to}`).join(', ')}`,
        );
      const typed = misspell(q, SEED * 1000 + i); // eval/typos.ts's seeds
      const [a, b, fixed] = [words(q), words(typed), words(correctSpelling(typed, library, known).question)];
      if (a.length !== b.length || a.length !== fixed.length) return;
      a.forEach((w, j) => {
        if (w === b[j]) return;
        n.typos++;
        if (fixed[j]!.toLowerCase() === w.toLowerCase()) n.restored++;
      });
    });
    rows.push(
      `| ${name} | ${c.name} | ${n.clean} / ${list.length} | ${n.restored} / ${n.typos} (${pct(n.restored, n.typos)} %) | ${n.other} / ${list.length} |`,
    );
    all.clean += n.clean;
    all.questions += list.length;
    all.typos += n.typos;
    all.restored += n.restored;
    all.other += n.other;
  }
  rows.push(
    `| **${name}** | **all** | **${all.clean} / ${all.questions}** | **${all.restored} / ${all.typos} (${pct(all.restored, all.typos)} %)** | **${all.other} / ${all.questions}** |`,
  );
}
console.log(`Slice: ${slice}. ${new Date().toISOString()}\n`);
console.log(
  '| known words | corpus | clean questions changed | misspelled words restored | clean questions changed, other library |',
);
console.log('|---|---|---:|---:|---:|');
console.log(rows.join('\n'));
console.log(`\nClean questions changed against their own library:\n\n${mine.map((s) => `- ${s}`).join('\n')}`);
console.log(`\nChanged when asked of another library:\n\n${seen.map((s) => `- ${s}`).join('\n')}`);
