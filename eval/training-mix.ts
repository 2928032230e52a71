// `npx tsx eval/training-mix.ts`: the re-ranker's training data, written for tools/models/train_mix.py.
//
// Four corpora are trained on: SQuAD v1.1 *train* (442 articles, none in SQuAD dev), MedQuAD, tldr-pages and QED.
// Of the last three, every document the evaluation uses (the seeded subsets corpora-more.ts loads, tuning and test
// slices both) is left out, so no question, paragraph or page the eval scores was seen in training. PubMedQA,
// PolicyQA and the Python FAQ are never read here: they stay out-of-domain checks.
//
// Each document is parsed and chunked by the app's own parser and chunker (what the re-ranker sees in the app);
// a chunk overlapping a question's labelled passage is a positive for it, as in the eval's metrics.
// Output: tools/models/work/mix/mix.json, { corpora: { name: { chunks: [{ doc, heading, text }], questions: [{ id, question,
// positives: [chunk index] }] } }, note }. Seeded; the same inputs give the same file.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chunkBlocks } from '../src-main/core/chunk/chunker.js';
import { loadTokenCounter } from '../src-main/core/chunk/tokens.js';
import { parseFile } from '../src-main/core/parse/index.js';
import { shuffled, squad, squadArticles, type Corpus, type Question, type Span } from './corpora.js';
import { medquad, policyqa, pubmedqa, qed, tldr } from './corpora-more.js';
import { overlaps } from './metrics.js';

const SEED = 13;
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    questions: { type: 'string', default: '1500' }, // per corpus, at most
    pool: { type: 'string', default: '4000' }, // chunks per corpus that negatives are mined from, at least the questions' own
    'per-doc': { type: 'string', default: '8' }, // questions per document, at most: many documents, not a few articles
    out: { type: 'string', default: join(repo, 'tools', 'models', 'work', 'mix', 'mix.json') },
  },
});
const perCorpus = Number(values.questions);
const poolSize = Number(values.pool);
const perDoc = Number(values['per-doc']);
const log = (s: string): void => void process.stderr.write(`training-mix: ${s}\n`);

/** SQuAD v1.1 train (442 articles, none of them in SQuAD dev), written as squad() writes dev. */
const squadTrain = (cache: string): Corpus =>
  squadArticles(
    join(repo, '..', 'shared', 'data', 'squad-v1.1-train', 'train-v1.1-from-explorer.json'),
    join(cache, 'corpora', 'squad-train'),
    'squad-train',
    () => true,
  );

const normal = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
/** Paragraphs shorter than this may repeat by chance ("See also", a short tldr line). */
const MIN_SHARED = 60;

/** A document's identity, the same in the eval's subset and in the whole corpus (file names can differ for tldr). */
const docKey = (c: Corpus, q: Question): string => (c.name === 'qed' ? q.file : (q.id.split('#')[0] ?? q.id));
/** A tldr page's command ("tar" for tar.md and tar.osx.md): a command the eval holds is left out on every platform. */
const command = (file: string): string =>
  file.replace(/\.md$/, '').replace(/\.(android|common|linux|osx|windows|sunos|freebsd|netbsd|openbsd|cisco-ios|dos)$/, '');

async function main(): Promise<void> {
  const cache = join(tmpdir(), 'parascope-training-mix');
  const evalCache = join(tmpdir(), 'parascope-training-mix-eval');
  rmSync(cache, { recursive: true, force: true });
  rmSync(evalCache, { recursive: true, force: true });
  // the text of every evaluation document (SQuAD dev's held-out articles and the five other corpora's subsets): a
  // training chunk with a paragraph or list item found in it is marked and never used, since MedQuAD repeats answers
  // across its sites' pages
  const evalTexts: string[] = [];
  const noteEval = (c: Corpus): Corpus => {
    for (const f of readdirSync(c.dir)) evalTexts.push(normal(readFileSync(join(c.dir, f), 'utf8')));
    return c;
  };
  [squad(repo, evalCache), policyqa(repo, evalCache), pubmedqa(repo, evalCache)].forEach(noteEval);
  const countTokens = await loadTokenCounter(join(repo, 'resources', 'models', 'all-MiniLM-L6-v2', 'tokenizer.json'));
  let evalText = '';
  const inEval = (text: string): boolean =>
    text.split(/\n\s*\n|\n(?=[-*] )/).some((block) => {
      const n = normal(block);
      return n.length >= MIN_SHARED && evalText.includes(n);
    });
  const whole: Array<[Corpus, Corpus | null]> = [
    [squadTrain(cache), null],
    [medquad(repo, cache, { maxDocs: Infinity }), noteEval(medquad(repo, evalCache))],
    [tldr(repo, cache, { maxDocs: Infinity }), noteEval(tldr(repo, evalCache))],
    [qed(repo, cache, { maxDocs: Infinity }), noteEval(qed(repo, evalCache))],
  ];
  evalText = evalTexts.join('\n');
  const out: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [c, evalSubset] of whole) {
    const excluded = new Set((evalSubset?.questions ?? []).map((q) => docKey(evalSubset as Corpus, q)));
    // tldr: every page of the eval's folder, also those left without questions (they are candidates there)
    const commands = new Set(c.name === 'tldr' && evalSubset ? readdirSync(evalSubset.dir).map(command) : []);
    const byFile = new Map<string, Question[]>();
    for (const q of c.questions)
      if (!excluded.has(docKey(c, q)) && !commands.has(command(q.file))) byFile.set(q.file, [...(byFile.get(q.file) ?? []), q]);
    // documents in seeded order: questions are taken a document at a time until the budget, and the pool of chunks
    // negatives come from is those documents plus more, in the same order, up to its size
    const files = shuffled([...byFile.keys()].sort(), SEED);
    const chunks: Array<{ doc: string; heading: string; text: string; inEval?: true }> = [];
    let marked = 0;
    let markedQuestions = 0;
    const questions: Array<{ id: string; question: string; positives: number[] }> = [];
    let noPositive = 0;
    for (const file of files) {
      if (questions.length >= perCorpus && chunks.length >= poolSize) break;
      const path = join(c.dir, file);
      const doc = await parseFile(path);
      const got = chunkBlocks(doc.blocks, { path, countTokens, maxTokens: 254 });
      const first = chunks.length;
      for (const ch of got) {
        const shared = inEval(ch.text);
        if (shared) marked++;
        chunks.push({ doc: file, heading: ch.heading, text: ch.text, ...(shared ? { inEval: true as const } : {}) });
      }
      if (questions.length >= perCorpus) continue; // a document for the negatives' pool only
      for (const q of shuffled(byFile.get(file) ?? [], SEED).slice(0, perDoc)) {
        if (questions.length >= perCorpus) break;
        const positives = got.flatMap((ch, k) => (overlaps(ch, q.passage as Span[]) ? [first + k] : []));
        if (!positives.length) {
          noPositive++;
          continue;
        }
        if (positives.some((k) => chunks[k]?.inEval)) markedQuestions++;
        questions.push({ id: q.id, question: q.question, positives });
      }
    }
    const note =
      `${c.name}: ${questions.length} questions, ${chunks.length} chunks from ${new Set(chunks.map((x) => x.doc)).size} documents ` +
      `(${Math.max(excluded.size, commands.size)} documents of the eval's subset left out; ${noPositive} questions without a chunk skipped; ` +
      `${marked} chunks share a paragraph with an evaluation document, so they and the ${markedQuestions} questions they answer are not trained on)`;
    log(note);
    notes.push(note);
    out[c.name] = { chunks, questions };
  }
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, JSON.stringify({ seed: SEED, note: notes, corpora: out }));
  log(`wrote ${values.out}`);
  rmSync(cache, { recursive: true, force: true });
  rmSync(evalCache, { recursive: true, force: true });
}

void main();
