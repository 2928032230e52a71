// `npm run eval:relevance`: fits the relevance calibration and the "no good match" threshold on the tuning slices,
// then measures them on the test slices, through the real CLI (issue 12, item 4).
//   Answerable: a corpus's questions asked of its own index; a passage is relevant when it overlaps the answer's
//   paragraph (SQuAD) or section (FAQ). Unanswerable: the same questions asked of the other corpus's index (a
//   Wikipedia question of the Python FAQ and the reverse), where nothing is relevant; and gibberish.
//   Fit: logistic regression of relevance on the cross-encoder logit, the cosine and the best cosine (the two
//   cosines alone, for search without re-ranking) over every candidate of the tuning asks; the
//   passages shown are then pooled into their order (inRankOrder), as the app shows them. Threshold: the highest whose false alarms on
//   tuning questions answered at rank 1 stay ≤ 3 %, so that unanswerable ones are caught as often as possible.
// Writes src-main/core/search/calibration.ts and docs/relevance.md. Options: --squad-test N --squad-tune N --no-write
//   --shipped: measure the fit the app ships (calibration.ts) on the test slices instead of fitting again; writes
//   docs/relevance.md only
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { ask, indexFolder, type AskLine } from './cli.js';
import { pythonFaq, rng, slices, squad, type Corpus, type Question } from './corpora.js';
import { MORE_CORPORA, splitByDocument } from './corpora-more.js';
import { overlaps } from './metrics.js';
import { calibrationFor, inRankOrder, logit, noGoodMatch, relevance } from '../src-main/core/search/relevance.js';
import type { Calibration } from '../src-main/core/search/relevance.js';

const SEED = 13;
const TOP = 5; // what the app shows: noGoodMatch looks at these
const MAX_FALSE_ALARMS = 0.03;
/** Tuning's own made-up strings (seeded), so the test's gibberish below is never seen by the fit. */
function madeUp(n: number, seed: number): string[] {
  const r = rng(seed);
  const word = (): string =>
    Array.from({ length: 3 + Math.floor(r() * 6) }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(r() * 26)]).join('');
  return Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(r() * 3) }, word).join(' '));
}
const GIBBERISH = [
  'xqzv plorkk',
  'blarf snoodle wibble',
  'qwertyuiop asdf',
  'zzzz yyyy xxxx',
  'flibber jabberwock gronk',
  'mmm nnn ooo ppp',
  'vorpal snicker snack',
  'klaatu barada nikto',
  'asdf jkl semicolon',
  'grumble frotz xyzzy',
];

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(repo, 'eval', '.cache');
const { values } = parseArgs({
  options: {
    'squad-test': { type: 'string', default: '200' },
    'squad-tune': { type: 'string', default: '100' },
    'no-write': { type: 'boolean', default: false },
    /** Measure the shipped calibration.ts on the test slices; no new fit. */
    shipped: { type: 'boolean', default: false },
    /** Refit from the answers the last run saved (eval/.cache/relevance-asked.json) instead of asking again. */
    cached: { type: 'boolean', default: false },
    /** Each corpus's questions are asked of its own index and of the next one's in this list (unanswerable there). */
    corpus: { type: 'string', default: 'squad,pyfaq,medquad,tldr,qed,pubmedqa,policyqa' },
  },
});
const log = (s: string): void => void process.stderr.write(`eval:relevance: ${s}\n`);

type Passage = AskLine['passages'][number] & { cosine: number; rerankScore?: number; relevance: number };
interface Asked {
  corpus: string;
  index: string;
  q: Question | null;
  passages: Passage[];
}
interface Row {
  y: number;
  rerank: number;
  cosine: number;
  maxCosine: number;
}

const relevant = (a: Asked, p: Passage): number =>
  a.q && a.corpus === a.index && p.path.endsWith(`/${a.q.file}`) && overlaps(p, a.q.passage) ? 1 : 0;

async function askAll(dataDir: string, questions: string[], tmp: string, name: string): Promise<Passage[][]> {
  const file = join(tmp, `${name}.txt`);
  writeFileSync(file, questions.map((q) => q.replace(/\s+/g, ' ').trim()).join('\n') + '\n');
  const lines = await ask(repo, dataDir, file, ['--top', '20', '--candidates', '20', '--mode', 'hybrid', '--rerank'], () => {});
  if (lines.length !== questions.length) throw new Error(`${name}: ${lines.length} answers for ${questions.length} questions`);
  return lines.map((l) => l.passages as Passage[]);
}

/** Logistic regression by Newton's method with a little L2 (features standardized inside, weights returned raw). */
function fitLogistic(xs: number[][], ys: number[]): number[] {
  const d = xs[0]!.length;
  const mu = Array.from({ length: d }, (_, j) => xs.reduce((s, x) => s + x[j]!, 0) / xs.length);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(xs.reduce((s, x) => s + (x[j]! - mu[j]!) ** 2, 0) / xs.length) || 1);
  const z = xs.map((x) => [1, ...x.map((v, j) => (v - mu[j]!) / sd[j]!)]);
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < 50; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const h = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    z.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, j) => s + v * w[j]!, 0)));
      for (let a = 0; a <= d; a++) {
        g[a]! += (p - ys[i]!) * x[a]!;
        for (let b = 0; b <= d; b++) h[a]![b]! += p * (1 - p) * x[a]! * x[b]!;
      }
    });
    for (let a = 1; a <= d; a++) {
      g[a]! += 1e-3 * w[a]!;
      h[a]![a]! += 1e-3;
    }
    const step = solve(h, g);
    for (let a = 0; a <= d; a++) w[a]! -= step[a]!;
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  // back to raw features: w0 + Σ w_j (x_j − μ_j)/σ_j
  const raw = w.slice(1).map((v, j) => v / sd[j]!);
  const bias = w[0]! - raw.reduce((s, v, j) => s + v * mu[j]!, 0);
  return [bias, ...raw];
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

const maxCos = (a: Asked): number => Math.max(0, ...a.passages.map((p) => p.cosine));
const features = (a: Asked, p: Passage, withRerank: boolean): { cosine: number; maxCosine: number; rerank?: number } =>
  withRerank
    ? { cosine: p.cosine, maxCosine: maxCos(a), rerank: p.rerankScore ?? 0.5 }
    : { cosine: p.cosine, maxCosine: maxCos(a) };
/** The relevances of the passages shown, in the order shown, as the app gives them (inRankOrder). */
const shown = (a: Asked, c: Calibration, withRerank: boolean): number[] =>
  inRankOrder(
    (withRerank ? a.passages : [...a.passages].sort((x, y) => x.retrievalRank - y.retrievalRank))
      .slice(0, TOP)
      .map((p) => relevance(features(a, p, withRerank), c)),
  );
const bestOf = (a: Asked, c: Calibration, withRerank: boolean): number => Math.max(...shown(a, c, withRerank));
/** What the app's second gate sees: the retrieval-only relevance of the best of the re-ranked passages shown. */
const bestRetrievalOfShown = (a: Asked, plain: Calibration): number =>
  Math.max(...a.passages.slice(0, TOP).map((p) => relevance({ cosine: p.cosine, maxCosine: maxCos(a) }, plain)));
/** The app's decision for an asked question (search-service.ts): the threshold, and with re-ranking the gate. */
const decide = (a: Asked, c: Calibration, withRerank: boolean, plain: Calibration): boolean =>
  noGoodMatch(bestOf(a, c, withRerank), c, withRerank ? bestRetrievalOfShown(a, plain) : undefined);
const top1Relevant = (a: Asked, withRerank: boolean): boolean => {
  const first = withRerank ? a.passages[0] : [...a.passages].sort((x, y) => x.retrievalRank - y.retrievalRank)[0];
  return !!first && relevant(a, first) === 1;
};

/** The highest cut whose misses among `answered` scores stay within `share` (scores below the cut are misses). */
function cut(answered: number[], share: number): number {
  const sorted = [...answered].sort((x, y) => x - y);
  return sorted[Math.floor(share * sorted.length)] ?? 0.5;
}

function chooseThreshold(tune: Asked[], c: Calibration, withRerank: boolean, share: number): number {
  return cut(
    tune.filter((a) => top1Relevant(a, withRerank)).map((a) => bestOf(a, c, withRerank)),
    share,
  );
}

/**
 * The second gate for re-ranked search: among tuning questions answered at rank 1 that the threshold keeps, the
 * highest retrieval-only cut that lets the two together stay within MAX_FALSE_ALARMS.
 */
function chooseGate(tune: Asked[], c: Calibration, plain: Calibration): number {
  const answered = tune.filter((a) => top1Relevant(a, true));
  const kept = answered
    .filter((a) => bestOf(a, c, true) >= c.threshold)
    .map((a) => bestRetrievalOfShown(a, plain))
    .sort((x, y) => x - y);
  const budget = Math.floor(MAX_FALSE_ALARMS * answered.length) - (answered.length - kept.length);
  return budget >= 0 ? (kept[budget] ?? 0) : 0;
}

/** Expected calibration error: |mean relevance − share relevant| over 10 equal-width bins, weighted by count. */
function ece(pairs: Array<[number, number]>): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
  for (const [p, y] of pairs) {
    const b = bins[Math.min(9, Math.floor(p * 10))]!;
    b.n++;
    b.p += p;
    b.y += y;
  }
  return bins.reduce((s, b) => s + (b.n ? (b.n / pairs.length) * Math.abs(b.p / b.n - b.y / b.n) : 0), 0);
}

const pct = (x: number): string => (100 * x).toFixed(1);

async function main(): Promise<void> {
  const saved = join(cache, 'relevance-asked.json');
  let asked: Record<'tune' | 'test', Asked[]> = { tune: [], test: [] };
  let gibberish: Asked[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'parascope-relevance-'));
  try {
    if (values.cached) {
      ({ asked, gibberish } = JSON.parse(readFileSync(saved, 'utf8')) as { asked: typeof asked; gibberish: Asked[] });
    } else {
      const names = values.corpus.split(',');
      const corpora: Corpus[] = names.map((n) =>
        n === 'squad' ? squad(repo, cache) : n === 'pyfaq' ? pythonFaq(repo, cache) : MORE_CORPORA[n]!(repo, cache),
      );
      const sliceOf = (c: Corpus): { tune: Question[]; test: Question[] } =>
        c.name === 'squad' || c.name === 'pyfaq'
          ? slices(c, SEED, Number(values['squad-test']), Number(values['squad-tune']))
          : splitByDocument(c, SEED, 1 / 3, 100, 50);
      const dirs: Record<string, string> = {};
      for (const c of corpora) {
        dirs[c.name] = join(tmp, `data-${c.name}`);
        log(`indexing ${c.name}`);
        await indexFolder(repo, c.dir, dirs[c.name]!, 'paragraphs');
      }
      for (const [i, c] of corpora.entries()) {
        const sl = sliceOf(c);
        for (const slice of ['tune', 'test'] as const) {
          for (const index of [c, corpora[(i + 1) % corpora.length]!]) {
            const t = Date.now();
            const out = await askAll(
              dirs[index.name]!,
              sl[slice].map((q) => q.question),
              tmp,
              `${c.name}-${slice}-${index.name}`,
            );
            out.forEach((passages, i) => asked[slice].push({ corpus: c.name, index: index.name, q: sl[slice][i]!, passages }));
            log(
              `${c.name} ${slice} questions asked of ${index.name}: ${out.length} in ${((Date.now() - t) / 1000).toFixed(0)} s`,
            );
          }
        }
        (await askAll(dirs[c.name]!, GIBBERISH, tmp, `gibberish-${c.name}`)).forEach((passages) =>
          gibberish.push({ corpus: 'gibberish', index: c.name, q: null, passages }),
        );
        const tuneNoise = madeUp(30, SEED + c.name.length);
        (await askAll(dirs[c.name]!, tuneNoise, tmp, `made-up-${c.name}`)).forEach((passages) =>
          asked.tune.push({ corpus: 'made-up', index: c.name, q: null, passages }),
        );
      }
      mkdirSync(cache, { recursive: true });
      writeFileSync(saved, JSON.stringify({ asked, gibberish }));
    }
    const corpora = [...new Set(asked.test.map((a) => a.corpus))].map((name) => ({ name }));

    const fitted = `the tuning slices of ${[...new Set(asked.tune.map((a) => a.corpus))].filter((n) => n !== 'made-up').join(', ')} (each asked of its own index and of the next corpus's), plus 30 seeded made-up strings per index; seed ${SEED}; ${new Date().toISOString().slice(0, 10)}`;
    const blank = (): Calibration => ({ bias: 0, rerank: 0, cosine: 0, maxCosine: 0, threshold: 0.5, fitted });
    const cal: Record<'rerank' | 'plain', Calibration> = { rerank: blank(), plain: blank() };
    const shipped = {
      rerank: calibrationFor('all-MiniLM-L6-v2', 'parascope-reranker-minilm'),
      plain: calibrationFor('all-MiniLM-L6-v2', null),
    };
    if (values.shipped) {
      if (!shipped.rerank || !shipped.plain) throw new Error('no shipped calibration to measure');
      [cal.rerank, cal.plain] = [shipped.rerank, shipped.plain];
    }
    for (const withRerank of values.shipped ? [] : [false, true]) {
      const rows: Row[] = asked.tune.flatMap((a) =>
        a.passages.map((p) => ({
          y: relevant(a, p),
          rerank: logit(p.rerankScore ?? 0.5),
          cosine: p.cosine,
          maxCosine: maxCos(a),
        })),
      );
      const ys = rows.map((r) => r.y);
      const c: Calibration = blank();
      if (withRerank)
        [c.bias, c.rerank, c.cosine, c.maxCosine] = fitLogistic(
          rows.map((r) => [r.rerank, r.cosine, r.maxCosine]),
          ys,
        ) as [number, number, number, number];
      else
        [c.bias, c.cosine, c.maxCosine] = fitLogistic(
          rows.map((r) => [r.cosine, r.maxCosine]),
          ys,
        ) as [number, number, number];
      // re-ranked: two thirds of the false-alarm budget for the threshold, the rest for the retrieval gate
      c.threshold = chooseThreshold(asked.tune, c, withRerank, withRerank ? (2 / 3) * MAX_FALSE_ALARMS : MAX_FALSE_ALARMS);
      if (withRerank) c.retrievalGate = chooseGate(asked.tune, c, cal.plain);
      cal[withRerank ? 'rerank' : 'plain'] = c;
      log(`${withRerank ? 're-ranked' : 'retrieval only'}: ${JSON.stringify(c)}`);
    }

    // test slices
    const report: string[] = [];
    const table: Record<string, Record<string, string>> = {};
    for (const withRerank of [true, false]) {
      const c = cal[withRerank ? 'rerank' : 'plain'];
      const key = withRerank ? 'hybrid + re-rank (default)' : 'hybrid, no re-rank';
      for (const corpus of corpora.map((x) => x.name)) {
        const own = asked.test.filter((a) => a.corpus === corpus && a.index === corpus);
        const cross = asked.test.filter((a) => a.corpus === corpus && a.index !== corpus);
        const answered = own.filter((a) => top1Relevant(a, withRerank));
        const alarms = answered.filter((a) => decide(a, c, withRerank, cal.plain)).length;
        const caught = cross.filter((a) => decide(a, c, withRerank, cal.plain)).length;
        const pairs: Array<[number, number]> = own.flatMap((a) => {
          const rel = shown(a, c, withRerank);
          const order = withRerank ? a.passages : [...a.passages].sort((x, y) => x.retrievalRank - y.retrievalRank);
          return rel.map((p, i): [number, number] => [p, relevant(a, order[i]!)]);
        });
        const crossPairs: Array<[number, number]> = cross.flatMap((a) =>
          shown(a, c, withRerank).map((p): [number, number] => [p, 0]),
        );
        table[`${key}|${corpus}`] = {
          answeredAt1: `${answered.length} / ${own.length}`,
          falseAlarms: `${pct(alarms / Math.max(1, answered.length))} (${alarms})`,
          unanswerableCaught: `${pct(caught / Math.max(1, cross.length))} (${caught} / ${cross.length})`,
          ece: pct(ece(pairs)),
          eceAll: pct(ece([...pairs, ...crossPairs])),
        };
      }
      const g = gibberish.filter((a) => decide(a, c, withRerank, cal.plain)).length;
      table[`${key}|gibberish`] = { unanswerableCaught: `${pct(g / gibberish.length)} (${g} / ${gibberish.length})` };
    }

    const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
    // the reading quotes this run's calibration errors, so it cannot go stale
    const missed = Object.entries(table)
      .filter(([k]) => k.startsWith('hybrid + re-rank') && !k.endsWith('|gibberish'))
      .flatMap(([k, v]) => {
        const why = [
          parseFloat(v['falseAlarms']!) > 5 ? `${v['falseAlarms']!.replace(' (', ' % false alarms (')}` : '',
          parseFloat(v['unanswerableCaught']!) < 85 ? `${v['unanswerableCaught']!.replace(' (', ' % caught (')}` : '',
        ].filter(Boolean);
        return why.length ? [`${k.split('|')[1]} (${why.join(', ')}; ${v['answeredAt1']} answered at rank 1)`] : [];
      });
    const eceReading = Object.entries(table)
      .filter(([k, v]) => k.startsWith('hybrid + re-rank') && v['ece'])
      .map(([k, v]) => `${k.split('|')[1]} ${v['ece']}`)
      .join(', ');
    report.push(
      '# Relevance and "no good match"',
      '',
      `Generated by \`npm run eval:relevance\` (eval/relevance.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${machine}; int8 models on the CPU.`,
      '',
      `Each passage's \`relevance\` is a logistic regression of "this passage holds the answer" on the cross-encoder's logit, the passage's cosine to the question and the best cosine among the question's candidates (the two cosines alone when re-ranking is off), fitted on the **tuning** slices only: ${cal.rerank.fitted}. The passages shown then read in their order: where one would read as likelier than a passage ranked above it, the run out of order shares its mean (isotonic regression, \`inRankOrder\`), so the relevance, and its band, never rises down the list.${values.shipped ? ' This run measured that shipped fit (`--shipped`) on the test slices, every question asked through the code of the date above; it did not fit again.' : ''}${values.cached ? ` The questions were not asked again: the fit and the measures use the answers the run of ${statSync(saved).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC saved (\`--cached\`).` : ''} A question gets \`noGoodMatch\` when the best of the ${TOP} passages shown has a relevance under the threshold; with re-ranking, also when the best of them by the retrieval-only relevance is under a second gate (the cross-encoder can be confident about made-up words, which the embeddings do not come close to). Threshold and gate were chosen on the same tuning slices as the highest that keep false alarms on questions answered at rank 1 at or under ${pct(MAX_FALSE_ALARMS)} % together.`,
      '',
      "Measured on the **test** slices, which the fit and the threshold never saw. Unanswerable questions are the corpus's test questions asked of the *next* corpus's index in the list (--corpus; nothing there answers them); gibberish is 10 made-up strings asked of every index. Every question is searched as the app searches it by default, misspelled words corrected against the index's own words (so a made-up word may become a real one). Calibration error (ECE, 10 bins, points) is over the 5 passages shown per answerable question; \"with unanswerable\" adds the unanswerable questions' passages (all irrelevant).",
      '',
      '| search | corpus | answered at rank 1 | false alarms, % (n) | unanswerable caught, % | ECE | ECE with unanswerable |',
      '|---|---|---:|---:|---:|---:|---:|',
    );
    for (const [k, v] of Object.entries(table)) {
      const [search, corpus] = k.split('|');
      report.push(
        `| ${search} | ${corpus} | ${v['answeredAt1'] ?? ''} | ${v['falseAlarms'] ?? ''} | ${v['unanswerableCaught']} | ${v['ece'] ?? ''} | ${v['eceAll'] ?? ''} |`,
      );
    }
    report.push(
      '',
      `Reading: with the default search, issue 12's bounds (unanswerable caught ≥ 85 %, false alarms ≤ 5 % of the questions answered at rank 1) are ${missed.length ? `missed on ${missed.join('; ')}, and met on every other corpus` : 'met on every corpus'}; the three the re-ranker was never trained on are the FAQ, PolicyQA and PubMedQA. They hold there because the decision leans on how close the embeddings come (the cosines carry most of the weight; the cross-encoder's logit less). Calibration error with the default search: ${eceReading} points; it is largest on PubMedQA, whose relevant "passage" is the whole abstract (every chunk of it counts as relevant, so a low relevance there is often a relevant passage). PolicyQA's answered-at-rank-1 count is tiny for the reason docs/quality.md gives (generic questions over 20 policies). An earlier fit on SQuAD and the FAQ alone had a lower ECE on those two (1.7 and 9.4) but was never checked on the others; this one is fitted on the tuning slices of all seven, as the defaults are meant to be. Before 2026-12-08 the relevances were shown as fitted, not pooled into their order: on 70 of the 815 answerable test questions a passage then read as a weaker match (by its band) than one below it. Tried on 2026-12-08 and not shipped, more signals in the fit: (1) the passage's standing among the candidates, z(logit) + z(retrieval score), fits the tuning slices best (log-loss 0.0505 against 0.0669), but a z-score grows with the number of candidates, so the same fit read at 10 candidates instead of 20 (a user setting) loses that lead, and on the test slices false alarms rose from 0.8 % to 6.8 % at K = 10 and 18 % at K = 5; (2) the passage's lead over the best other candidate (its logit minus theirs) holds at any K (tuning log-loss 0.0564, and 0.0953 at K = 10 against 0.1155 for the shipped signals), but near-copies, such as tldr's pages for one command on several platforms, leave the answer no lead, and tldr's test false alarms rose to 10 %; adding the cosine's lead gave the cosine a negative weight (collinear) and did no better. The three signals above stay.`,
      '',
      'Fitted values (src-main/core/search/calibration.ts):',
      '',
      '```json',
      JSON.stringify(cal, null, 2),
      '```',
      '',
    );
    process.stdout.write(`${JSON.stringify({ calibration: cal, table })}\n`);
    if (values['no-write']) return;
    writeFileSync(join(repo, 'docs', 'relevance.md'), report.join('\n'));
    if (values.shipped) return log('wrote docs/relevance.md (the shipped fit, measured)');
    const body = `// Generated by \`npm run eval:relevance\` (eval/relevance.ts): do not edit by hand. Per pair of models
// ("embedding|re-ranker", "-" when not re-ranking), fitted on the evaluation's tuning slices only.
import type { Calibration } from './relevance.js';

export const CALIBRATIONS: Record<string, Calibration> = ${JSON.stringify(
      { 'all-MiniLM-L6-v2|parascope-reranker-minilm': cal.rerank, 'all-MiniLM-L6-v2|-': cal.plain },
      null,
      2,
    )};
`;
    const out = join(repo, 'src-main', 'core', 'search', 'calibration.ts');
    // formatted as the repository's code is (format:check runs over it)
    writeFileSync(out, await format(body, { ...(await resolveConfig(out)), filepath: out }));
    log('wrote docs/relevance.md and src-main/core/search/calibration.ts');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
