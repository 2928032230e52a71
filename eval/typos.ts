// `npm run eval:typos`: does a question with one or two misspelled words find what the correctly spelled one finds?
// A seeded typo'd copy of each slice (one or two words of 4+ letters per question: two neighbouring letters swapped
// or one dropped), asked through the real CLI beside the clean questions, answer@5 and MRR@10 for both. Settings
// (spelling correction on or off, --fuzzy N: the lexical leg's edit distance) are compared on the tuning slices; the
// test slices report the shipped default, and the words as typed beside it for reference. Writes docs/typos.md.
// Options: --squad-test N --squad-tune N --variants default,as-typed,as-typed+fuzzy1 --no-write
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ask, chunkSpans, indexFolder } from './cli.js';
import { misspell, pythonFaq, slices, squad, type Corpus, type Question } from './corpora.js';
import { overlaps, score } from './metrics.js';
import { SEARCH_DEFAULTS } from '../src-main/core/search/search-service.js';

/** A setting compared: 'default' is the shipped search; 'as-typed' turns spelling correction off; '+fuzzyN' adds an edit distance. */
function variantFlags(name: string): string[] {
  const flags: string[] = [];
  for (const part of name.split('+')) {
    if (part === 'as-typed') flags.push('--as-typed');
    else if (/^fuzzy\d$/.test(part)) flags.push('--fuzzy', part.slice(5));
    else if (part !== 'default') throw new Error(`unknown variant ${part}`);
  }
  return flags;
}
const shipped = `spelling ${SEARCH_DEFAULTS.spelling ? 'on' : 'off'}, fuzzy ${SEARCH_DEFAULTS.fuzziness}`;

const SEED = 13;
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(repo, 'eval', '.cache');
const { values } = parseArgs({
  options: {
    'squad-test': { type: 'string', default: '200' },
    'squad-tune': { type: 'string', default: '100' },
    variants: { type: 'string', default: 'default,as-typed,as-typed+fuzzy1' },
    'no-write': { type: 'boolean', default: false },
  },
});
const log = (s: string): void => void process.stderr.write(`eval:typos: ${s}\n`);

interface Cell {
  answer5: number;
  mrr: number;
}

async function main(): Promise<void> {
  const corpora: Corpus[] = [squad(repo, cache), pythonFaq(repo, cache)];
  const tmp = mkdtempSync(join(tmpdir(), 'parascope-typos-'));
  const variants = values.variants.split(',');
  const rows: string[] = [];
  const examples: string[] = [];
  try {
    for (const c of corpora) {
      const dataDir = join(tmp, `data-${c.name}`);
      log(`indexing ${c.name}`);
      await indexFolder(repo, c.dir, dataDir, 'paragraphs');
      const spans = await chunkSpans(dataDir);
      const sl = slices(c, SEED, Number(values['squad-test']), Number(values['squad-tune']));
      const measure = async (
        qs: Question[],
        text: (q: Question, i: number) => string,
        flags: string[],
        name: string,
      ): Promise<Cell> => {
        const file = join(tmp, `${name}.txt`);
        writeFileSync(file, qs.map((q, i) => text(q, i).replace(/\s+/g, ' ').trim()).join('\n') + '\n');
        const lines = await ask(repo, dataDir, file, flags, () => {});
        const per = qs.map((q, i) => {
          const hits = lines[i]!.passages.map((p) => ({
            file: p.path.split(/[\\/]/).pop() as string,
            start: p.start,
            end: p.end,
          }));
          const inIndex = (spans[q.file] ?? []).filter(([start, end]) => overlaps({ start, end }, q.passage)).length;
          return score(hits, q.file, q.passage, inIndex);
        });
        return {
          answer5: per.reduce((s, m) => s + m['R@5'], 0) / per.length,
          mrr: per.reduce((s, m) => s + m['MRR@10'], 0) / per.length,
        };
      };
      const typo = (q: Question, i: number): string => misspell(q.question, SEED * 1000 + i);
      sl.test.slice(0, 3).forEach((q, i) => examples.push(`- ${c.name}: “${q.question}” → “${typo(q, i)}”`));
      for (const [slice, list] of [
        ['tune', variants],
        ['test', ['default', 'as-typed']],
      ] as const) {
        const qs = sl[slice];
        for (const variant of list) {
          const flags = variantFlags(variant);
          const clean = await measure(qs, (q) => q.question, flags, `${c.name}-${slice}-clean-${variant}`);
          const typod = await measure(qs, typo, flags, `${c.name}-${slice}-typo-${variant}`);
          const label = variant === 'default' ? `default (${shipped})` : variant;
          const row = `| ${c.name} | ${slice} (${qs.length}) | ${label} | ${(100 * clean.answer5).toFixed(1)} | ${(100 * typod.answer5).toFixed(1)} | ${(100 * (clean.answer5 - typod.answer5)).toFixed(1)} | ${(100 * clean.mrr).toFixed(1)} | ${(100 * typod.mrr).toFixed(1)} |`;
          rows.push(row);
          log(row);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
  const doc = [
    '# Misspelled questions',
    '',
    `Generated by \`npm run eval:typos\` (eval/typos.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${machine}; int8 models on the CPU; default search (hybrid, 20 candidates, re-ranked).`,
    '',
    `Each question gets one or two misspelled words of four letters or more (two neighbouring letters swapped, or one dropped; the first letter kept), seeded (${SEED}); the clean and the misspelled copy are asked of the same index. answer@5 = share of questions with the answer's paragraph (SQuAD) or section (FAQ) in the top 5. Settings were compared on the tuning slices: spelling correction against the library's words (on, or \`as-typed\`) and the lexical leg's edit distance (\`fuzzy\`); the test slices report the shipped default, with the words as typed beside it for reference (not used to choose).`,
    '',
    'Examples:',
    '',
    ...examples,
    '',
    '| corpus | slice | setting | answer@5 clean | answer@5 misspelled | gap (points) | MRR@10 clean | MRR@10 misspelled |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(`${doc}\n`);
  // the readings written by hand below the table (each "## Reading …" section, dated) are kept across runs
  const out = join(repo, 'docs', 'typos.md');
  const before = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const readings = before.indexOf('\n## Reading');
  if (!values['no-write']) writeFileSync(out, readings < 0 ? doc : `${doc}${before.slice(readings)}`);
}

await main();
