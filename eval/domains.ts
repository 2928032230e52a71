// `npm run eval:domains`: retrieval quality on every labelled corpus, in and out of the re-ranker's training domain,
// through the real CLI (issue 12, item 2). Per corpus, on its test slice: BM25, dense, hybrid, dense + re-rank,
// hybrid + re-rank (the shipped default) and the cross-encoder alone (blend 0), with R@1/5/10, MRR@10, nDCG@10 and
// the median time per question. The two hybrid re-ranked rows come from one run made with --rerank-blend 0 and
// --top K, re-ordered by the search service's own rerankOrder (exact: the blend only re-orders the K candidates).
// Writes docs/domains.md. Options: --corpus squad,pyfaq,medquad,... --test N (questions per corpus, default 150)
//   --quick (40 questions per corpus) --no-write
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ask, chunkSpans, indexFolder, type AskLine } from './cli.js';
import { pythonFaq, slices, squad, type Corpus, type Question } from './corpora.js';
import { MORE_CORPORA, splitByDocument } from './corpora-more.js';
import { mean, overlaps, pairedInterval, score, METRIC_NAMES, type Metrics } from './metrics.js';
import { rerankOrder, SEARCH_DEFAULTS } from '../src-main/core/search/search-service.js';

const SEED = 13;
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(repo, 'eval', '.cache');
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'squad,qed,pyfaq,medquad,policyqa,pubmedqa,tldr' },
    test: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const nTest = Number(values.test ?? (values.quick ? 40 : 150));
const log = (s: string): void => void process.stderr.write(`eval:domains: ${s}\n`);

/**
 * The bundled re-ranker was fine-tuned on SQuAD v1.1 dev's 36 train articles (docs/models.md): Wikipedia text with
 * SQuAD-style questions. SQuAD's held-out articles and QED (Natural Questions over Wikipedia) share its domain; the
 * rest is text of kinds it never saw.
 */
const IN_DOMAIN = new Set(['squad', 'qed']);
const TITLES: Record<string, string> = {
  squad: 'SQuAD v1.1 dev, held-out articles',
  qed: 'QED (Natural Questions, Wikipedia)',
  pyfaq: 'Python 3.11 FAQ',
  medquad: 'MedQuAD (consumer health)',
  policyqa: 'PolicyQA (privacy policies)',
  pubmedqa: 'PubMedQA (abstracts)',
  tldr: 'tldr-pages (command-line docs)',
};

/** What a reader must know to read a corpus's figures (printed under its table). */
const NOTES: Record<string, string> = {
  policyqa:
    'PolicyQA\'s questions are generic ("Do they share my data with third parties?"): 600 distinct questions over 2,643, most asked of several of the 20 policies indexed together. The question does not say which policy it is about, so a passage of the right kind from another policy counts as a miss: these figures measure that ambiguity, not ranking. Naming the site in the question, or scoring within the policy, would make it a ranking test.',
  pubmedqa: 'Each question\'s relevant passage is its whole abstract (PubMedQA labels no span), so R@k is near 100 % for every method and only nDCG separates them.',
};

function load(name: string): { corpus: Corpus; test: Question[] } {
  if (name === 'squad' || name === 'pyfaq') {
    const c = name === 'squad' ? squad(repo, cache) : pythonFaq(repo, cache);
    return { corpus: c, test: slices(c, SEED).test.slice(0, nTest) };
  }
  const loader = MORE_CORPORA[name];
  if (!loader) throw new Error(`unknown corpus ${name}`);
  const c = loader(repo, cache);
  return { corpus: c, test: splitByDocument(c, SEED, 1 / 3, nTest).test };
}

interface Row {
  label: string;
  metrics: Metrics;
  per: Metrics[];
  ms: number;
}

const pct = (x: number): string => (100 * x).toFixed(1);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function measure(name: string, tmp: string): Promise<{ rows: Row[]; chunks: number; docs: number; questions: number }> {
  const { corpus, test } = load(name);
  const dataDir = join(tmp, `data-${name}`);
  const t0 = Date.now();
  await indexFolder(repo, corpus.dir, dataDir, 'paragraphs');
  const spans = await chunkSpans(dataDir);
  const chunks = Object.values(spans).reduce((s, l) => s + l.length, 0);
  log(`${name}: ${chunks} chunks indexed in ${((Date.now() - t0) / 1000).toFixed(0)} s; ${test.length} test questions`);
  const file = join(tmp, `${name}.txt`);
  writeFileSync(file, test.map((q) => q.question.replace(/\s+/g, ' ').trim()).join('\n') + '\n');
  const judged = (lines: AskLine[], pick: (l: AskLine) => AskLine['passages']): Metrics[] =>
    test.map((q, i) => {
      const hits = pick(lines[i]!).map((p) => ({ file: p.path.split(/[\\/]/).pop() as string, start: p.start, end: p.end }));
      const inIndex = (spans[q.file] ?? []).filter(([start, end]) => overlaps({ start, end }, q.passage)).length;
      return score(hits, q.file, q.passage, inIndex);
    });
  const ms = (lines: AskLine[]): number => median(lines.map((l) => l.timings.embedMs + l.timings.searchMs + l.timings.rerankMs));
  const rows: Row[] = [];
  const plain: Array<[string, string[]]> = [
    ['lexical (BM25)', ['--mode', 'lexical', '--no-rerank']],
    ['dense', ['--mode', 'dense', '--no-rerank']],
    ['hybrid (RRF)', ['--mode', 'hybrid', '--no-rerank']],
    ['dense + re-rank', ['--mode', 'dense', '--rerank']],
  ];
  for (const [label, flags] of plain) {
    const lines = await ask(repo, dataDir, file, flags, () => {});
    const per = judged(lines, (l) => l.passages);
    rows.push({ label, metrics: mean(per), per, ms: ms(lines) });
  }
  const k = SEARCH_DEFAULTS.candidates;
  const lines = await ask(repo, dataDir, file, ['--mode', 'hybrid', '--rerank', '--rerank-blend', '0', '--candidates', String(k), '--top', String(k)], () => {});
  for (const [label, w] of [['hybrid + re-rank (default)', SEARCH_DEFAULTS.rerankBlend], ['cross-encoder alone (hybrid candidates, blend 0)', 0]] as const) {
    const per = judged(lines, (l) => rerankOrder(l.passages, l.passages.map((p) => p.score), w).slice(0, 10));
    rows.push({ label, metrics: mean(per), per, ms: ms(lines) });
  }
  for (const r of rows) log(`${name} ${r.label}: nDCG@10 ${pct(r.metrics['nDCG@10'])}`);
  return { rows, chunks, docs: new Set(corpus.questions.map((q) => q.file)).size, questions: test.length };
}

function goalLines(rows: Row[], outOfDomain: boolean): string[] {
  const get = (l: string): Row => rows.find((r) => r.label.startsWith(l))!;
  const hybrid = get('hybrid (RRF)');
  const cmp = (a: Row, b: Row, need: number, text: string): string => {
    const d = 100 * (a.metrics['nDCG@10'] - b.metrics['nDCG@10']);
    const [lo, hi] = pairedInterval(a.per, b.per, 'nDCG@10');
    return `${text}: ${d >= 0 ? '+' : ''}${d.toFixed(1)} nDCG@10 (95% paired bootstrap ${pct(lo)} to ${pct(hi)}; goal ≥ ${need >= 0 ? '+' : ''}${need}) — **${d >= need ? 'met' : 'not met'}**`;
  };
  const out = [cmp(get('hybrid + re-rank'), hybrid, 3, 'hybrid + re-rank vs hybrid')];
  if (outOfDomain) out.push(cmp(get('cross-encoder alone'), hybrid, 0, 'cross-encoder alone vs hybrid'));
  return out.map((l) => `- ${l}`);
}

async function main(): Promise<void> {
  const names = values.corpus.split(',');
  const tmp = mkdtempSync(join(tmpdir(), 'parascope-domains-'));
  const done: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  try {
    for (const n of names) done[n] = await measure(n, tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
  const out: string[] = [
    '# Retrieval quality across domains',
    '',
    `Generated by \`npm run eval:domains${values.quick ? ' -- --quick' : ''}\` (eval/domains.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${machine}; int8 models on the CPU; shipped defaults (K = ${SEARCH_DEFAULTS.candidates}, RRF k = ${SEARCH_DEFAULTS.rrfK}, blend ${SEARCH_DEFAULTS.rerankBlend}).`,
    '',
    'Every corpus is indexed whole by the real CLI and asked its **test** questions (SQuAD and the FAQ: the slices of docs/quality.md; the others: whole documents assigned to test with seed 13, questions capped). A passage is relevant when it overlaps the answer\'s paragraph or section in the right file. The bundled re-ranker was fine-tuned on SQuAD v1.1 dev\'s 36 train articles only, so **in-domain** means Wikipedia text (SQuAD\'s held-out articles, QED\'s Natural Questions); everything else is **out of domain**. Metrics in percent; ms = median per question.',
    '',
  ];
  for (const [title, inDomain] of [['In domain (Wikipedia)', true], ['Out of domain', false]] as const) {
    out.push(`## ${title}`, '');
    for (const n of names.filter((x) => IN_DOMAIN.has(x) === inDomain)) {
      const d = done[n]!;
      out.push(`### ${TITLES[n] ?? n} — ${d.questions} questions, ${d.docs} documents with questions, ${d.chunks} passages indexed`, '');
      out.push(`| retrieval | ${METRIC_NAMES.join(' | ')} | ms |`, `|---|${METRIC_NAMES.map(() => '---:').join('|')}|---:|`);
      for (const r of d.rows) out.push(`| ${r.label} | ${METRIC_NAMES.map((k) => pct(r.metrics[k])).join(' | ')} | ${Math.round(r.ms)} |`);
      out.push('', ...goalLines(d.rows, !inDomain), '');
      if (NOTES[n]) out.push(NOTES[n], '');
    }
  }
  const doc = out.join('\n');
  process.stdout.write(`${doc}\n`);
  if (!values['no-write']) writeFileSync(join(repo, 'docs', 'domains.md'), doc);
}

await main();
