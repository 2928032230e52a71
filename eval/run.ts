// `npm run eval`: retrieval quality of Parascope on every labelled corpus, through the real CLI.
// Options: --suite main,tune[,chunking]  --corpus squad,qed,pyfaq,medquad,policyqa,pubmedqa,tldr
//          --squad-test 200 --squad-tune 100  --test 150 --tune 50 (the other corpora)  --quick (30 and 20 a corpus)
//          --no-rerank  --only REGEX (experiment labels)  --cached-only (report what was run)
//          --fresh (ignore cached runs)  --keep-index DIR (reuse data dirs there, not temporary ones)  --out docs/quality.md
//          --dump-candidates FILE (the blend rows' candidate lists with relevance labels, to score other re-rankers offline)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ask, chunkSpans, indexFolder, type AskLine } from './cli.js';
import { pythonFaq, slices as sliceCorpus, squad, type Corpus, type Question } from './corpora.js';
import { MORE_CORPORA, splitByDocument } from './corpora-more.js';
import { COPIES_FOLDED, experiments, HYBRID_RERANK, PARAGRAPHS, type Experiment, type Slice, type Suite } from './experiments.js';
import { foldCopies } from '../src-main/core/search/copies.js';
import { rerankOrder, SEARCH_DEFAULTS } from '../src-main/core/search/search-service.js';
import { mean, overlaps, score, type Metrics } from './metrics.js';
import { writeReport, type Result } from './report.js';

const SEED = 13;
/** Every labelled corpus (eval/corpora.ts, eval/corpora-more.ts); report.ts says which the re-ranker trained on. */
const ALL_CORPORA = ['squad', 'qed', 'medquad', 'tldr', 'pyfaq', 'policyqa', 'pubmedqa'];
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(repo, 'eval', '.cache');
const { values } = parseArgs({
  options: {
    suite: { type: 'string', default: 'main,tune' },
    corpus: { type: 'string', default: ALL_CORPORA.join(',') },
    'squad-test': { type: 'string' },
    'squad-tune': { type: 'string' },
    test: { type: 'string' },
    tune: { type: 'string' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'keep-index': { type: 'string' },
    'cached-only': { type: 'boolean', default: false },
    'no-rerank': { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    out: { type: 'string', default: join(repo, 'docs', 'quality.md') },
    'dump-candidates': { type: 'string' },
  },
});
const log = (s: string): void => void process.stderr.write(`eval: ${s}\n`);
const sha = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 16);
const fileHash = (paths: string[]): string => sha(paths.map((p) => (existsSync(p) ? readFileSync(p, 'utf8') : '-')).join('\0'));
// PARASCOPE_MODELS_DIR (which the CLI honours too) points the whole run at other models
const modelsDir = resolve(process.env['PARASCOPE_MODELS_DIR'] ?? join(repo, 'resources', 'models'));
const rerankerManifest = join(modelsDir, 'parascope-reranker-minilm', 'manifest.json');
const haveReranker = existsSync(rerankerManifest) && !values['no-rerank'];

const coreFiles = (...dirs: string[]): string[] =>
  dirs.flatMap((d) =>
    readdirSync(join(repo, 'src-main', 'core', d))
      .map((f) => join(repo, 'src-main', 'core', d, f))
      .sort(),
  );
// What an index holds depends on the code that parses and chunks and on the embedder (its code too: int8 vectors
// move a little with the batching); a run's answers also on the search and re-ranking code (a change of the search
// defaults re-runs every question, but re-indexes nothing).
const indexHash = fileHash([
  ...coreFiles('chunk', 'parse', 'embed'),
  join(repo, 'src-main', 'core', 'models', 'batching.ts'),
  join(repo, 'src-main', 'common', 'types.ts'),
  join(modelsDir, 'all-MiniLM-L6-v2', 'manifest.json'),
]);
// (the search reads the store's words and the tokenizer's for its spelling correction)
const codeHash = sha(
  indexHash +
    fileHash([
      ...coreFiles('search', 'rerank'),
      join(repo, 'src-main', 'core', 'store', 'lance-store.ts'),
      join(repo, 'src-main', 'core', 'store', 'library-words.ts'),
      join(repo, 'src-main', 'core', 'store', 'words-file.ts'),
      join(repo, 'src-main', 'core', 'models', 'tokenizer.ts'),
    ]),
);
// a re-ranked run also depends on the re-ranker's files (its manifest hashes them) and on how it is served (length)
const rerankerHash = fileHash([
  rerankerManifest,
  ...coreFiles('rerank'),
  join(repo, 'src-main', 'core', 'models', 'st-config.ts'),
]);

const quick = values.quick;
const size = (v: string | undefined, full: number, small: number): number => Number(v ?? (quick ? small : full));
/** SQuAD and the FAQ: the question slices of corpora.ts; the others: whole documents to tuning or test (seed 13). */
function slices(c: Corpus): Record<Slice, Question[]> {
  const test = size(values.test, 150, 30);
  const tune = size(values.tune, 50, 20);
  if (c.name === 'squad') return sliceCorpus(c, SEED, size(values['squad-test'], 200, 30), size(values['squad-tune'], 100, 20));
  // the FAQ's slices are a third and the rest of its 173 questions (115 and 58): --quick caps them like the others'
  if (c.name === 'pyfaq') {
    const s = sliceCorpus(c, SEED);
    return quick ? { test: s.test.slice(0, test), tune: s.tune.slice(0, tune) } : s;
  }
  return splitByDocument(c, SEED, 1 / 3, test, tune);
}

function load(name: string): Corpus {
  if (name === 'squad') return squad(repo, cache);
  if (name === 'pyfaq') return pythonFaq(repo, cache);
  const loader = MORE_CORPORA[name];
  if (!loader) throw new Error(`unknown corpus ${name} (known: ${ALL_CORPORA.join(', ')})`);
  return loader(repo, cache);
}

const indexes = new Map<string, Promise<string>>();
const tempDirs: string[] = [];
function indexed(c: Corpus, chunker: string): Promise<string> {
  const key = `${c.name}/${chunker}`;
  if (!indexes.has(key)) {
    indexes.set(
      key,
      (async () => {
        const keep = values['keep-index'];
        const dataDir = keep
          ? join(resolve(keep), `${c.name}-${chunker.replace(/\W/g, '_')}-${sha(c.dir + indexHash)}`)
          : mkdtempSync(join(tmpdir(), `parascope-eval-${c.name}-`));
        if (!keep) tempDirs.push(dataDir);
        const t = Date.now();
        log(`indexing ${c.name} (${chunker}) into ${dataDir}`);
        await indexFolder(repo, c.dir, dataDir, chunker);
        log(`indexed ${c.name} (${chunker}) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
        return dataDir;
      })(),
    );
  }
  return indexes.get(key)!;
}

async function spansFor(c: Corpus, chunker: string, corpusHash: string): Promise<Record<string, Array<[number, number]>>> {
  const file = join(cache, 'spans', `${c.name}-${sha(`${corpusHash}${chunker}${indexHash}`)}.json`);
  if (existsSync(file) && !values.fresh) return JSON.parse(readFileSync(file, 'utf8'));
  const spans = await chunkSpans(await indexed(c, chunker));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(spans));
  return spans;
}

async function runOne(
  c: Corpus,
  corpusHash: string,
  e: Experiment,
  qs: Question[],
): Promise<{ lines: AskLine[]; seconds: number; ranAt: string; load?: number } | null> {
  const qText = qs.map((q) => q.question).join('\n') + '\n';
  const key = sha(JSON.stringify([corpusHash, codeHash, e.chunker, e.flags, sha(qText), e.rerank ? rerankerHash : '']));
  const file = join(cache, 'runs', `${c.name}-${key}.json`);
  if (existsSync(file) && !values.fresh) {
    // a cached run keeps the date it ran (runs cached before it was recorded: the file's)
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { lines: AskLine[]; seconds: number; ranAt?: string; load?: number };
    return { ...cached, ranAt: cached.ranAt ?? statSync(file).mtime.toISOString() };
  }
  if (values['cached-only']) return null;
  const dataDir = await indexed(c, e.chunker);
  const qFile = join(cache, 'q', `${c.name}-${e.slice}.txt`);
  mkdirSync(dirname(qFile), { recursive: true });
  writeFileSync(qFile, qText);
  const t = Date.now();
  const tag = `${c.name}/${e.slice} ${e.chunker} ${e.label}`;
  const lines = await ask(repo, dataDir, qFile, e.flags, (n) => {
    if (n % 25 === 0 || n === qs.length)
      log(`${tag}: ${n}/${qs.length} (${((Date.now() - t) / 1000 / n).toFixed(2)} s/question)`);
  });
  if (lines.length !== qs.length) throw new Error(`${tag}: ${lines.length} answers for ${qs.length} questions`);
  const out = { lines, seconds: (Date.now() - t) / 1000, ranAt: new Date().toISOString(), load: loadavg()[0]! };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out));
  return out;
}

/** How the experiment judges question q: its relevant spans, how many indexed chunks overlap them, and a passage test. */
function judge(e: Experiment, q: Question, spans: Record<string, Array<[number, number]>>) {
  const rel = e.relevance === 'passage' ? q.passage : q.answer;
  return {
    rel,
    inIndex: (spans[q.file] ?? []).filter(([start, end]) => overlaps({ start, end }, rel)).length,
    relevant: (p: { path: string; start: number; end: number }): boolean => p.path.endsWith(`/${q.file}`) && overlaps(p, rel),
  };
}

/**
 * One blend run's candidates as the re-ranker saw them (heading line included when the run showed it), with each
 * one's retrieval score and rank and whether it is relevant, plus how many relevant chunks the index holds: enough
 * to score another re-ranker's order with the same metrics, offline (tools/models/score_candidates.py).
 */
interface CandidateDump {
  corpus: string;
  slice: Slice;
  label: string;
  questions: Array<{
    question: string;
    inIndex: number;
    candidates: Array<{ text: string; retrievalScore: number; retrievalRank: number; relevant: number }>;
  }>;
}
function candidateDump(
  corpus: string,
  e: Experiment,
  qs: Question[],
  lines: AskLine[],
  spans: Record<string, Array<[number, number]>>,
): CandidateDump {
  const at = e.flags.indexOf('--rerank-heading');
  const heading = at === -1 ? SEARCH_DEFAULTS.rerankWithHeading : e.flags[at + 1] === 'true';
  return {
    corpus,
    slice: e.slice,
    label: e.label,
    questions: qs.map((q, i) => {
      const j = judge(e, q, spans);
      return {
        question: q.question,
        inIndex: j.inIndex,
        candidates: lines[i]!.passages.map((p) => ({
          text: heading && p.heading ? `${p.heading}\n${p.text}` : p.text,
          retrievalScore: p.retrievalScore,
          retrievalRank: p.retrievalRank,
          relevant: j.relevant(p) ? 1 : 0,
        })),
      };
    }),
  };
}

async function main(): Promise<void> {
  const suites = values.suite.split(',') as Suite[];
  const names = values.corpus.split(',');
  const corpora = names.map(load);
  if (!haveReranker) log('re-ranker model missing (or --no-rerank): re-rank rows are skipped');
  const results: Result[] = [];
  const dumps: CandidateDump[] = [];
  const meta: Record<string, { questions: Record<Slice, number>; note: string; chunks: Record<string, number> }> = {};
  for (const c of corpora) {
    const corpusHash = fileHash(
      readdirSync(c.dir)
        .sort()
        .map((f) => join(c.dir, f)),
    );
    const sl = slices(c);
    const note = `${c.note}; ${c.questions.length} questions in all, shuffled with seed ${SEED}, then sliced`;
    meta[c.name] = { questions: { test: sl.test.length, tune: sl.tune.length }, note, chunks: {} };
    for (const e of experiments(suites, [c.name], {
      candidates: SEARCH_DEFAULTS.candidates,
      blend: SEARCH_DEFAULTS.rerankBlend,
    })) {
      if (e.rerank && !haveReranker) continue;
      if (values.only && !new RegExp(values.only).test(`${e.suite} ${e.slice} ${e.chunker} ${e.label}`)) continue;
      const qs = sl[e.slice];
      const done = await runOne(c, corpusHash, e, qs);
      if (!done) continue;
      const { lines, seconds, ranAt, load } = done;
      const spans = await spansFor(c, e.chunker, corpusHash);
      meta[c.name]!.chunks[e.chunker] = Object.values(spans).reduce((s, l) => s + l.length, 0);
      if (e.blends) dumps.push(candidateDump(c.name, e, qs, lines, spans));
      // blend rows re-order a blend-0 run's candidates; derived rows keep the k best-fused of them first
      const ordered = (w: number, k: number) => (l: AskLine) => {
        const kept = l.passages.filter((p) => p.retrievalRank <= k);
        return rerankOrder(
          kept,
          kept.map((p) => p.score),
          w,
        );
      };
      const reorder = (w: number, k: number) => (l: AskLine) => ordered(w, k)(l).slice(0, 10);
      // the same candidates in the order of the relevance the app shows (calibration.ts: the cross-encoder's logit and
      // the cosine), rather than the blend: tuning rows only, since the calibration is fitted on the tuning slices
      const byRelevance = (k: number) => (l: AskLine) =>
        l.passages
          .filter((p) => p.retrievalRank <= k)
          .sort((a, b) => (b.relevance ?? 0) - (a.relevance ?? 0) || a.retrievalRank - b.retrievalRank)
          .slice(0, 10);
      type Variant = [string, (l: AskLine, q: Question) => AskLine['passages']];
      const variants: Variant[] = [];
      if (e.blends) {
        for (const k of e.derive ?? [Infinity]) {
          const at = e.derive ? `, K=${k}` : '';
          e.blends.forEach((w, i) => variants.push([e.blendLabels?.[i] ?? `${e.label}${at}, blend ${w}`, reorder(w, k)]));
          // as the app shows them: copies of a shown passage listed under it (copies.ts), the runs keeping them apart
          // (--keep-copies); a shown passage counts as relevant when it or one of its copies is
          if (e.label === HYBRID_RERANK && !e.derive)
            variants.push([
              COPIES_FOLDED,
              (l, q) => {
                const { relevant } = judge(e, q, spans);
                const folded = foldCopies(ordered(SEARCH_DEFAULTS.rerankBlend, k)(l), (p) => p.text, 10);
                return folded.map((g) => [g.item, ...g.copies].find(relevant) ?? g.item);
              },
            ]);
          if (e.slice === 'tune') variants.push([`${e.label}${at}, by relevance`, byRelevance(k)]);
        }
      } else if (e.derive) {
        for (const k of e.derive) variants.push([`${e.label}, K=${k}`, (l) => l.passages.filter((p) => p.retrievalRank <= k)]);
      } else variants.push([e.label, (l) => l.passages]);
      for (const [label, pick] of variants) {
        const per: Metrics[] = qs.map((q, i) => {
          const { rel, inIndex } = judge(e, q, spans);
          const hits = pick(lines[i]!, q).map((p) => ({
            file: p.path.split(/[\\/]/).pop() as string,
            start: p.start,
            end: p.end,
          }));
          return score(hits, q.file, rel, inIndex);
        });
        const ms = lines.map((l) => l.timings.embedMs + l.timings.searchMs + l.timings.rerankMs).sort((a, b) => a - b);
        const m = mean(per);
        // derived rows: how often the k candidates hold a relevant passage at all (what re-ranking can reach)
        const k = Number(/K=(\d+)/.exec(label)?.[1]);
        const reach = e.derive
          ? qs.filter((q, i) => {
              const j = judge(e, q, spans);
              return lines[i]!.passages.some((p) => p.retrievalRank <= k && j.relevant(p));
            }).length / qs.length
          : undefined;
        results.push({
          candidateRecall: reach,
          suite: e.suite,
          corpus: c.name,
          slice: e.slice,
          chunker: e.chunker,
          label,
          flags: e.flags.join(' '),
          questions: qs.length,
          metrics: m,
          perQuestion: per,
          // derived rows: re-rank time scales with the candidates scored
          msPerQuestion: (ms[Math.floor(ms.length / 2)] ?? 0) * (e.derive ? k / Math.max(...e.derive) : 1),
          seconds,
          ranAt,
          ...(load === undefined ? {} : { load }),
        });
        log(
          `${c.name}/${e.slice} ${e.chunker} ${label}: nDCG@10 ${(100 * m['nDCG@10']).toFixed(1)} MRR@10 ${(100 * m['MRR@10']).toFixed(1)}`,
        );
      }
    }
  }
  if (values['dump-candidates']) {
    writeFileSync(values['dump-candidates'], JSON.stringify(dumps));
    log(`wrote ${dumps.length} candidate lists to ${values['dump-candidates']}`);
  }
  const slim = results.map(({ perQuestion: _p, ...r }) => r);
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, 'results.json'), JSON.stringify({ meta, results: slim }, null, 1));
  const d = SEARCH_DEFAULTS;
  const defaults = `${d.mode}, K = ${d.candidates}, RRF k = ${d.rrfK}, re-rank ${d.rerank ? 'on' : 'off'}, blend ${d.rerankBlend}, heading line ${d.rerankWithHeading ? 'on' : 'off'}`;
  writeReport(values.out, { results, meta, haveReranker, modelsDir, chunkerDefault: PARAGRAPHS, squadSeed: SEED, defaults });
  process.stdout.write(`${JSON.stringify({ meta, results: slim })}\n`);
  log(`wrote ${values.out}`);
}

try {
  await main();
} finally {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
}
