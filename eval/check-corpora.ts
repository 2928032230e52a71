// Checks the corpora of corpora-more.ts against their datasets, from the files as written: every span lies in its file
// and is not blank, and answer spans hold the dataset's answer text. Prints each corpus's size and its split.
//   tsx eval/check-corpora.ts [CACHE]   (default: a fresh folder under the OS temp dir)
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MORE_CORPORA, splitByDocument } from './corpora-more.js';
import type { Corpus, Question, Span } from './corpora.js';

const repo = resolve(fileURLToPath(import.meta.url), '..', '..');
const cache = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'parascope-corpora-'));
const data = join(repo, '..', 'shared', 'data');
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The answer texts the dataset gives for a question, by its id; undefined where the dataset gives none to compare. */
function answerTexts(name: string): (q: Question) => string[] | undefined {
  if (name === 'policyqa') {
    const json = JSON.parse(readFileSync(join(data, 'policyqa', 'test.json'), 'utf8')) as {
      data: Array<{
        title: string;
        paragraphs: Array<{ qas: Array<{ id: string; question: string; answers: Array<{ text: string }> }> }>;
      }>;
    };
    // a merged question holds the answers of every repeat of it in its policy
    const byId = new Map<string, string[]>();
    for (const policy of json.data) {
      const byQ = new Map<string, string[]>();
      const qas = policy.paragraphs.flatMap((p) => p.qas);
      for (const qa of qas)
        byQ.set(squash(qa.question).toLowerCase(), [
          ...(byQ.get(squash(qa.question).toLowerCase()) ?? []),
          ...qa.answers.map((a) => a.text),
        ]);
      for (const qa of qas) byId.set(qa.id, byQ.get(squash(qa.question).toLowerCase()) ?? []);
    }
    return (q) => byId.get(q.id);
  }
  if (name === 'qed') {
    const byId = new Map<string, string[]>();
    for (const line of readFileSync(join(data, 'qed', 'qed-dev.jsonl'), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const id = /"example_id":\s*(-?\d+)/.exec(line)?.[1] ?? '';
      const e = JSON.parse(line) as {
        original_nq_answers?: Array<Array<{ string: string }>>;
        annotation?: { answer?: Array<{ paragraph_reference: { string: string } }> };
      };
      const qed = (e.annotation?.answer ?? []).map((a) => a.paragraph_reference.string);
      byId.set(id, qed.length ? qed : (e.original_nq_answers ?? []).flat().map((a) => a.string));
    }
    return (q) => (byId.get(q.id)?.length ? byId.get(q.id) : undefined);
  }
  if (name === 'pubmedqa') {
    const json = JSON.parse(readFileSync(join(data, 'pubmedqa', 'ori_pqal.json'), 'utf8')) as Record<
      string,
      { CONTEXTS: string[] }
    >;
    return (q) => json[q.id]?.CONTEXTS;
  }
  if (name === 'medquad') {
    // qid -> answer, read with a regex: an independent reading of the XML, compared with whitespace squashed
    const byId = new Map<string, string>();
    const dir = join(data, 'medquad');
    const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    for (const sub of readdirSync(dir).filter((d) => d.includes('_QA')))
      for (const f of readdirSync(join(dir, sub))) {
        const xml = readFileSync(join(dir, sub, f), 'utf8');
        for (const m of xml.matchAll(/qid="([^"]+)"[^>]*>[\s\S]*?<\/Question>\s*<Answer>([\s\S]*?)<\/Answer>/g))
          byId.set(
            `${sub}/${f.replace(/\.xml$/, '')}#${m[1] as string}`,
            (m[2] as string).replace(/&(\w+);/g, (all, e: string) => entities[e] ?? all),
          );
      }
    return (q) => (byId.has(q.id) ? [byId.get(q.id) as string] : undefined);
  }
  return () => undefined;
}

let failed = 0;
const fail = (c: Corpus, q: Question, why: string): void => {
  if (failed++ < 20) console.error(`${c.name} ${q.id} (${q.file}): ${why}`);
};

for (const [name, load] of Object.entries(MORE_CORPORA)) {
  const c = load(repo, cache);
  const files = readdirSync(c.dir);
  const texts = new Map(files.map((f) => [f, readFileSync(join(c.dir, f), 'utf8')]));
  const expected = answerTexts(name);
  for (const q of c.questions) {
    const text = texts.get(q.file);
    if (text === undefined) {
      fail(c, q, 'no such file');
      continue;
    }
    const cut = (s: Span): string => text.slice(s[0], s[1]);
    for (const s of [...q.passage, ...q.answer])
      if (!(s[0] >= 0 && s[1] <= text.length && s[0] < s[1]) || !cut(s).trim())
        fail(c, q, `span ${s.join('-')} is empty or out of the file`);
    if (!q.question.trim()) fail(c, q, 'no question');
    const want = expected(q);
    if (!want) continue;
    if (name === 'medquad' || name === 'pubmedqa') {
      // the written text is the dataset's with whitespace tidied (and MedQuAD's inline lists split onto lines)
      // (a MedQuAD question asked twice of a page holds both answers; its id is the first's)
      const got = (name === 'medquad' ? q.answer.slice(0, 1) : q.answer).map(cut).join(' ');
      if (squash(got).replace(/ - /g, ' ') !== squash(want.join(' ')).replace(/ - /g, ' '))
        fail(c, q, 'answer text differs from the dataset');
    } else {
      for (const s of q.answer)
        if (!want.includes(cut(s))) fail(c, q, `answer ${JSON.stringify(cut(s))} is not one of the dataset's`);
    }
  }
  if (name === 'tldr')
    for (const q of c.questions) {
      const text = texts.get(q.file) ?? '';
      for (const s of q.passage) if (!/^`.*`$/.test(text.slice(s[0], s[1]))) fail(c, q, 'passage is not a code line');
      if (text.includes(`- ${q.question}`)) fail(c, q, 'the description is still in the text');
    }
  const chars = [...texts.values()].reduce((n, t) => n + t.length, 0);
  const { tune, test } = splitByDocument(c, 1);
  const whole = splitByDocument(c, 1, 1 / 3, Infinity, Infinity);
  const tuneFiles = new Set(whole.tune.map((q) => q.file));
  if (whole.test.some((q) => tuneFiles.has(q.file))) {
    console.error(`${name}: a file has questions in both slices`);
    failed++;
  }
  if (whole.tune.length + whole.test.length !== c.questions.length) {
    console.error(`${name}: the slices lose questions`);
    failed++;
  }
  console.log(
    `${name.padEnd(9)} ${String(files.length).padStart(4)} docs ${String(chars).padStart(8)} chars (~${Math.round(chars / 800)} passages of 800) ` +
      `${String(c.questions.length).padStart(5)} questions, tune ${tune.length} / test ${test.length}`,
  );
  console.log(`          ${c.note}`);
}
if (failed) {
  console.error(`${failed} problems`);
  process.exitCode = 1;
} else console.log('all spans check');
