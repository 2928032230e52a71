// Five more labelled corpora (../shared/data, see its README.md), written as folders of plain files the real CLI indexes,
// with the same Corpus/Question shape as squad() and pythonFaq() in corpora.ts. Each corpus is a fixed random subset
// of the dataset's documents (shuffled with a seed before anything else), and splitByDocument() puts whole documents
// in the tuning or the test slice, so no document has questions in both.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import { shuffled, type Corpus, type Question, type Span } from './corpora.js';

export interface LoadOptions {
  /** How many documents the corpus keeps (a seeded random subset of the dataset's). */
  maxDocs?: number;
  /** The seed of that subset. */
  seed?: number;
}

const SEED = 13;

// --- small helpers, copied from corpora.ts (private there) ---

/** Rewrites nothing that is already there: a folder being indexed by another run stays intact. */
function writeIfChanged(path: string, text: string): void {
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
}

function prune(dir: string, keep: Set<string>): void {
  for (const f of readdirSync(dir)) if (!keep.has(f)) rmSync(join(dir, f), { recursive: true, force: true });
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

// --- shared by the loaders ---

function dataPath(repo: string, ...parts: string[]): string {
  const p = join(repo, '..', 'shared', 'data', ...parts);
  if (!existsSync(p)) throw new Error(`dataset not found at ${p}`);
  return p;
}

/** A corpus folder: unique file names, each file written only when it changed, stale files pruned at the end. */
class Folder {
  readonly dir: string;
  readonly written = new Set<string>();
  private readonly used = new Set<string>();
  constructor(cache: string, name: string) {
    this.dir = join(cache, 'corpora', name);
    mkdirSync(this.dir, { recursive: true });
  }
  /** A file name from a title, unique in the folder even where the file system ignores case. */
  name(title: string, ext: string): string {
    const base = title.replace(/[^\w.,()-]/g, '_').slice(0, 120) || 'untitled';
    let name = `${base}${ext}`;
    for (let k = 2; this.used.has(name.toLowerCase()); k++) name = `${base}-${k}${ext}`;
    this.used.add(name.toLowerCase());
    return name;
  }
  write(file: string, text: string): void {
    writeIfChanged(join(this.dir, file), text.endsWith('\n') ? text : `${text}\n`);
    this.written.add(file);
  }
  prune(): void {
    prune(this.dir, this.written);
  }
}

/** A document's text as it is written, with the span of each appended piece. */
class Text {
  text = '';
  /** Appends a block (a paragraph, heading or section), a blank line from the one before; returns its span. */
  block(s: string): Span {
    if (this.text) this.text += '\n\n';
    const at = this.text.length;
    this.text += s;
    return [at, this.text.length];
  }
}

const sameSpan = (a: Span, b: Span): boolean => a[0] === b[0] && a[1] === b[1];
function addSpans(to: Span[], spans: Span[]): void {
  for (const s of spans) if (!to.some((t) => sameSpan(t, s))) to.push(s);
}

/**
 * Questions of one file with the same text become one question holding all their spans (PolicyQA, MedQuAD and tldr
 * ask the same thing more than once in a document).
 */
class Questions {
  readonly list: Question[] = [];
  private readonly byKey = new Map<string, Question>();
  add(q: Question): void {
    if (!q.question) return;
    const key = `${q.file}\u0000${q.question.toLowerCase()}`;
    const had = this.byKey.get(key);
    if (!had) {
      this.byKey.set(key, q);
      this.list.push(q);
      return;
    }
    addSpans(had.passage, q.passage);
    addSpans(had.answer, q.answer);
  }
  /**
   * Drops the questions whose text is asked of more than one file: the other file answers them as well as the
   * labelled one (two MedQuAD pages on one disease, "Display help" on many tldr pages). Returns how many it dropped.
   */
  dropAskedOfSeveralFiles(): number {
    const files = new Map<string, Set<string>>();
    for (const q of this.list) {
      const k = q.question.toLowerCase();
      files.set(k, (files.get(k) ?? new Set()).add(q.file));
    }
    const before = this.list.length;
    const keep = this.list.filter((q) => (files.get(q.question.toLowerCase())?.size ?? 0) < 2);
    this.list.splice(0, this.list.length, ...keep);
    return before - keep.length;
  }
}

function expectText(text: string, span: Span, want: string, where: string): void {
  const got = text.slice(span[0], span[1]);
  if (got !== want) throw new Error(`${where}: span holds ${JSON.stringify(got)}, the dataset says ${JSON.stringify(want)}`);
}

// --- splitting ---

/**
 * Whole documents (files) go to tuning (`tuneShare` of them) or to test, drawn with `seed`; each slice's questions
 * are then shuffled and capped. No document has questions in both slices.
 */
export function splitByDocument(
  c: Corpus,
  seed: number,
  tuneShare = 1 / 3,
  maxTest = 150,
  maxTune = 75,
): { tune: Question[]; test: Question[] } {
  const files = shuffled([...new Set(c.questions.map((q) => q.file))].sort(), seed);
  const tuneFiles = new Set(files.slice(0, Math.round(files.length * tuneShare)));
  const tune = c.questions.filter((q) => tuneFiles.has(q.file));
  const test = c.questions.filter((q) => !tuneFiles.has(q.file));
  return { tune: shuffled(tune, seed + 1).slice(0, maxTune), test: shuffled(test, seed + 2).slice(0, maxTest) };
}

// --- MedQuAD ---

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A MedQuAD answer as Markdown paragraphs: lines trimmed, blank lines between paragraphs, inline " - " lists split. */
function medquadBody(answer: string): string {
  return answer
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]{2,}-\s+/g, '\n- ')
    .split('\n')
    .map(oneLine)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * MedQuAD: one XML file (one page of an NIH site) is one Markdown document; each answer is a section headed by the
 * page's focus and the question type ("## Glaucoma: treatment"), never by the question, which is the query. Passage
 * and answer are that answer section.
 */
export function medquad(repo: string, cache: string, opts: LoadOptions = {}): Corpus {
  const { maxDocs = 200, seed = SEED } = opts;
  const root = dataPath(repo, 'medquad');
  const folder = new Folder(cache, 'medquad');
  const xmls: string[] = [];
  for (const d of readdirSync(root).sort()) {
    if (!/_QA/.test(d)) continue; // the nine subsets, not LICENSE.txt
    for (const f of readdirSync(join(root, d)).sort()) if (f.endsWith('.xml')) xmls.push(join(d, f));
  }
  const qs = new Questions();
  let short = 0;
  // documents in seeded order; one without an answer long enough to ask about is passed over for the next
  for (const rel of shuffled(xmls, seed)) {
    if (folder.written.size >= maxDocs) break;
    const doc = parseDocument(readFileSync(join(root, rel), 'utf8'), { xmlMode: true });
    const top = DomUtils.findOne((e) => e.name === 'Document', doc.children);
    const focusEl = DomUtils.findOne((e) => e.name === 'Focus', doc.children);
    const focus = oneLine(focusEl ? DomUtils.textContent(focusEl) : '') || rel;
    const source = (top && DomUtils.getAttributeValue(top, 'source')) || rel.split(/[\\/]/)[0] || 'medquad';
    // not the Document id: several files share one (a CancerGov page split by focus), and qids repeat across sites
    const stem = basename(rel, '.xml');
    const file = folder.name(`${source}-${stem}`, '.md');
    const t = new Text();
    t.block(`# ${focus}`);
    const sections = new Map<string, Span>(); // an answer given twice in a page is written once
    const pending: Question[] = [];
    for (const pair of DomUtils.getElementsByTagName('QAPair', doc.children)) {
      const qEl = DomUtils.findOne((e) => e.name === 'Question', pair.children);
      const aEl = DomUtils.findOne((e) => e.name === 'Answer', pair.children);
      const question = oneLine(qEl ? DomUtils.textContent(qEl) : '');
      const body = medquadBody(aEl ? DomUtils.textContent(aEl) : '');
      if (!question || !body) continue;
      if (body.replace(/\s/g, '').length < 40) {
        short++;
        continue;
      }
      let span = sections.get(body);
      if (!span) {
        const qtype = oneLine((qEl && DomUtils.getAttributeValue(qEl, 'qtype')) || 'information');
        t.block(`## ${focus}: ${capital(qtype)}`);
        span = t.block(body);
        sections.set(body, span);
      }
      const qid = (qEl && DomUtils.getAttributeValue(qEl, 'qid')) || String(pending.length + 1);
      pending.push({
        id: `${rel.replace(/\\/g, '/').replace(/\.xml$/, '')}#${qid}`,
        question,
        file,
        passage: [span],
        answer: [span],
      });
    }
    if (!pending.length) continue;
    for (const q of pending) qs.add(q);
    folder.write(file, t.text);
  }
  folder.prune();
  const dropped = qs.dropAskedOfSeveralFiles();
  return {
    name: 'medquad',
    dir: folder.dir,
    questions: qs.list,
    note:
      `MedQuAD, ${folder.written.size} pages (seed ${seed}); each answer a section headed "<focus>: <question type>", the question ` +
      `removed; passage = answer = that section (${short} answers under 40 characters skipped, ${dropped} questions asked of two pages dropped)`,
  };
}

// --- PolicyQA ---

interface SquadJson {
  data: Array<{
    title: string;
    paragraphs: Array<{
      context: string;
      qas: Array<{ id: string; question: string; answers: Array<{ text: string; answer_start: number }> }>;
    }>;
  }>;
}

/**
 * PolicyQA test split: one .txt per privacy policy, one paragraph per segment. A question asked more than once of a
 * policy is one question holding all its paragraphs (passage) and answer spans (answer).
 */
export function policyqa(repo: string, cache: string, opts: LoadOptions = {}): Corpus {
  const { maxDocs = 250, seed = SEED } = opts;
  const data = JSON.parse(readFileSync(dataPath(repo, 'policyqa', 'test.json'), 'utf8')) as SquadJson;
  const folder = new Folder(cache, 'policyqa');
  const qs = new Questions();
  let asked = 0;
  for (const policy of shuffled(data.data, seed).slice(0, maxDocs)) {
    const file = folder.name(policy.title, '.txt');
    const t = new Text();
    for (const p of policy.paragraphs) {
      // same length: answer offsets stay valid; no blank line can split a paragraph
      const para = t.block(p.context.replace(/[\r\n]/g, ' '));
      for (const qa of p.qas) {
        asked++;
        const answer = qa.answers.map((a) => [para[0] + a.answer_start, para[0] + a.answer_start + a.text.length] as Span);
        qa.answers.forEach((a, k) => expectText(t.text, answer[k] as Span, a.text.replace(/[\r\n]/g, ' '), `policyqa ${qa.id}`));
        qs.add({ id: qa.id, question: oneLine(qa.question), file, passage: [para], answer: answer.length ? answer : [para] });
      }
    }
    folder.write(file, t.text);
  }
  folder.prune();
  return {
    name: 'policyqa',
    dir: folder.dir,
    questions: qs.list,
    note:
      `PolicyQA test, ${folder.written.size} privacy policies (seed ${seed}); passage = the segment, answer = the answer span; ` +
      `${asked} questions, ${qs.list.length} once those repeated within a policy are merged; most are asked of several policies`,
  };
}

// --- PubMedQA ---

interface PubmedEntry {
  QUESTION: string;
  CONTEXTS: string[];
  LABELS?: string[];
}

/**
 * PubMedQA labelled set: one Markdown file per PubMed id, the abstract's context paragraphs under their labels
 * (BACKGROUND, METHODS, ...) as headings; the conclusion (LONG_ANSWER) is left out, as in the dataset. Passage =
 * answer = the whole abstract (every context paragraph).
 */
export function pubmedqa(repo: string, cache: string, opts: LoadOptions = {}): Corpus {
  const { maxDocs = 300, seed = SEED } = opts;
  const data = JSON.parse(readFileSync(dataPath(repo, 'pubmedqa', 'ori_pqal.json'), 'utf8')) as Record<string, PubmedEntry>;
  const folder = new Folder(cache, 'pubmedqa');
  const questions: Question[] = [];
  for (const pmid of shuffled(Object.keys(data).sort(), seed).slice(0, maxDocs)) {
    const e = data[pmid] as PubmedEntry;
    const file = folder.name(pmid, '.md');
    const t = new Text();
    const spans: Span[] = [];
    e.CONTEXTS.forEach((c, k) => {
      const label = oneLine(e.LABELS?.[k] ?? '');
      if (label) t.block(`## ${capital(label.toLowerCase())}`);
      spans.push(t.block(oneLine(c)));
    });
    folder.write(file, t.text);
    const question = oneLine(e.QUESTION);
    if (question && spans.length) questions.push({ id: pmid, question, file, passage: spans, answer: spans });
  }
  folder.prune();
  return {
    name: 'pubmedqa',
    dir: folder.dir,
    questions,
    note:
      `PubMedQA labelled set, ${folder.written.size} abstracts (seed ${seed}), conclusions left out; ` +
      'passage = answer = the whole abstract (every context paragraph): it finds the paper, not a paragraph in it',
  };
}

// --- QED ---

interface QedRef {
  start: number;
  end: number;
  string: string;
}
interface QedExample {
  example_id: number | string;
  title_text?: string;
  question_text: string;
  paragraph_text: string;
  original_nq_answers?: QedRef[][];
  annotation?: { answer?: Array<{ paragraph_reference: QedRef }> };
}

/**
 * QED dev (Natural Questions with their Wikipedia paragraph): one Markdown file per article, its title as a heading and
 * its paragraphs under it. Passage = the paragraph; answer = QED's annotated answer spans, else the original NQ short
 * answers, else the paragraph.
 */
export function qed(repo: string, cache: string, opts: LoadOptions = {}): Corpus {
  const { maxDocs = 500, seed = SEED } = opts;
  // the raw line, not JSON.parse's number: example ids are 64-bit and a double would round them
  const lines = readFileSync(dataPath(repo, 'qed', 'qed-dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const byDoc = new Map<string, QedExample[]>();
  for (const line of lines) {
    const e = JSON.parse(line.replace(/"example_id":\s*(-?\d+)/, '"example_id":"$1"')) as QedExample;
    const key = oneLine(e.title_text ?? '') || `example ${e.example_id}`;
    byDoc.set(key, [...(byDoc.get(key) ?? []), e]);
  }
  const folder = new Folder(cache, 'qed');
  const questions: Question[] = [];
  let fromNq = 0;
  let none = 0;
  for (const title of shuffled([...byDoc.keys()].sort(), seed).slice(0, maxDocs)) {
    const file = folder.name(title, '.md');
    const t = new Text();
    t.block(`# ${title}`);
    const paras = new Map<string, Span>();
    for (const e of byDoc.get(title) ?? []) {
      const p = e.paragraph_text.replace(/[\r\n]/g, ' ');
      let para = paras.get(p);
      if (!para) {
        para = t.block(p);
        paras.set(p, para);
      }
      const at = para[0];
      let refs = (e.annotation?.answer ?? []).map((a) => a.paragraph_reference);
      if (!refs.length) {
        refs = (e.original_nq_answers ?? []).flat();
        if (refs.length) fromNq++;
        else none++;
      }
      const answer: Span[] = [];
      for (const r of refs) {
        const span: Span = [at + r.start, at + r.end];
        expectText(t.text, span, r.string.replace(/[\r\n]/g, ' '), `qed ${e.example_id}`);
        if (span[1] > span[0]) addSpans(answer, [span]);
      }
      const question = oneLine(e.question_text);
      if (question)
        questions.push({ id: String(e.example_id), question, file, passage: [para], answer: answer.length ? answer : [para] });
    }
    folder.write(file, t.text);
  }
  folder.prune();
  return {
    name: 'qed',
    dir: folder.dir,
    questions,
    note:
      `QED dev, ${folder.written.size} Wikipedia articles (seed ${seed}); passage = the paragraph, answer = QED's answer span ` +
      `(${fromNq} questions without one take the NQ short answers, ${none} the paragraph); the text is NQ's tokenised text`,
  };
}

// --- tldr-pages ---

/** A tldr description as a question: no list marker, trailing colon, [c]reate mnemonics or backticks. */
function tldrQuestion(line: string): string {
  return oneLine(
    line
      .replace(/^-\s*/, '')
      .replace(/:\s*$/, '')
      .replace(/\[([\w-]{1,4})\]/g, '$1')
      .replace(/`([^`]*)`/g, '$1'),
  );
}

/**
 * tldr-pages, English: one Markdown file per page, title and summary kept; each example's "- description:" line is
 * the question and is removed, its code line stays. Passage = answer = that code line.
 */
export function tldr(repo: string, cache: string, opts: LoadOptions = {}): Corpus {
  const { maxDocs = 600, seed = SEED } = opts;
  const root = dataPath(repo, 'tldr-pages', 'pages');
  const pages: Array<{ platform: string; name: string }> = [];
  for (const platform of readdirSync(root).sort())
    for (const f of readdirSync(join(root, platform)).sort())
      if (f.endsWith('.md')) pages.push({ platform, name: f.slice(0, -'.md'.length) });
  const chosen = shuffled(pages, seed).slice(0, maxDocs);
  const platformsOf = new Map<string, number>();
  for (const p of chosen) platformsOf.set(p.name, (platformsOf.get(p.name) ?? 0) + 1);
  const folder = new Folder(cache, 'tldr');
  const qs = new Questions();
  for (const { platform, name } of chosen) {
    // a command on two platforms (linux/ and osx/ each have a page): the platform goes into both names
    const file = folder.name((platformsOf.get(name) ?? 0) > 1 ? `${name}.${platform}` : name, '.md');
    const lines = readFileSync(join(root, platform, `${name}.md`), 'utf8')
      .replace(/\r\n?/g, '\n')
      .split('\n');
    let text = '';
    let k = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      // "- description:", blank lines, then the code line: drop the description and the blank lines after it
      let j = i + 1;
      while (j < lines.length && !(lines[j] as string).trim()) j++;
      const code = lines[j];
      if (/^- \S/.test(line) && code !== undefined && /^`.*`\s*$/.test(code)) {
        const start = text.length;
        text += `${code.trimEnd()}\n`;
        const span: Span = [start, start + code.trimEnd().length];
        qs.add({ id: `${platform}/${name}#${k++}`, question: tldrQuestion(line), file, passage: [span], answer: [span] });
        i = j;
        continue;
      }
      text += i === lines.length - 1 ? line : `${line}\n`;
    }
    folder.write(file, text);
  }
  folder.prune();
  const dropped = qs.dropAskedOfSeveralFiles();
  return {
    name: 'tldr',
    dir: folder.dir,
    questions: qs.list,
    note:
      `tldr-pages (English), ${folder.written.size} pages (seed ${seed}); each "- description:" line removed and asked, passage = ` +
      `answer = its code line; ${dropped} descriptions found on two pages or more (e.g. "Display help") dropped`,
  };
}

export const MORE_CORPORA: Record<string, (repo: string, cache: string) => Corpus> = {
  medquad: (repo, cache) => medquad(repo, cache),
  policyqa: (repo, cache) => policyqa(repo, cache),
  pubmedqa: (repo, cache) => pubmedqa(repo, cache),
  qed: (repo, cache) => qed(repo, cache),
  tldr: (repo, cache) => tldr(repo, cache),
};
