// Labeled corpora for the evaluation, written as folders of plain files the real CLI indexes.
// Each question names the file holding its answer and the character spans that count as relevant there.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Span = [number, number];
export interface Question {
  id: string;
  question: string;
  file: string;
  /** Relevant for the main tables: the paragraph (SQuAD) or answer section (FAQ) holding the answer. */
  passage: Span[];
  /** Relevant for the chunker comparison: the answer text itself (SQuAD) or the answer section (FAQ). */
  answer: Span[];
}
export interface Corpus {
  name: string;
  dir: string;
  questions: Question[];
  note: string;
}

/** mulberry32: a small seeded PRNG, so slices are the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One or two words of four letters or more, each with two neighbouring letters swapped or one letter dropped. */
export function misspell(question: string, seed: number): string {
  const r = rng(seed);
  const words = [...question.matchAll(/\p{L}{4,}/gu)];
  if (!words.length) return question;
  const n = words.length > 1 && r() < 0.5 ? 2 : 1;
  const picked = new Set<number>();
  while (picked.size < n) picked.add(Math.floor(r() * words.length));
  let out = question;
  for (const i of [...picked].sort((a, b) => b - a)) {
    const m = words[i]!;
    const w = m[0];
    const at = 1 + Math.floor(r() * (w.length - 2)); // keep the first letter, as people mostly do
    const typo = r() < 0.5 ? w.slice(0, at) + w[at + 1]! + w[at]! + w.slice(at + 2) : w.slice(0, at) + w.slice(at + 1);
    out = out.slice(0, m.index) + (typo === w ? w.slice(0, -1) : typo) + out.slice(m.index + w.length);
  }
  return out;
}

export function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  const r = rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The disjoint test and tuning slices of a corpus, shuffled with `seed`: SQuAD takes `squadTest` then `squadTune`
 * questions; other corpora give a third to tuning and the rest to test.
 */
export function slices(c: Corpus, seed: number, squadTest = 200, squadTune = 100): { test: Question[]; tune: Question[] } {
  const all = shuffled(c.questions, seed);
  if (c.name === 'squad') return { test: all.slice(0, squadTest), tune: all.slice(squadTest, squadTest + squadTune) };
  const nTune = Math.round(all.length / 3);
  return { tune: all.slice(0, nTune), test: all.slice(nTune) };
}

/** Rewrites nothing that is already there: a folder being indexed by another run stays intact. */
function writeIfChanged(path: string, text: string): void {
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
}

function prune(dir: string, keep: Set<string>): void {
  for (const f of readdirSync(dir)) if (!keep.has(f)) rmSync(join(dir, f), { recursive: true, force: true });
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

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
 * SQuAD-format articles as a corpus: one .txt per article (those `keep` accepts), paragraphs separated by blank lines;
 * passage = the question's paragraph, answer = its answer spans.
 */
export function squadArticles(src: string, dir: string, name: string, keep: (title: string) => boolean): Corpus {
  if (!existsSync(src)) throw new Error(`SQuAD file not found at ${src}`);
  const data = JSON.parse(readFileSync(src, 'utf8')) as SquadJson;
  mkdirSync(dir, { recursive: true });
  const written = new Set<string>();
  const questions: Question[] = [];
  for (const article of data.data) {
    if (!keep(article.title)) continue;
    const file = `${article.title.replace(/[^\w.,()-]/g, '_')}.txt`;
    let text = '';
    for (const p of article.paragraphs) {
      if (text) text += '\n\n';
      const at = text.length;
      // same length: answer offsets stay valid; no blank line can split a paragraph
      text += p.context.replace(/[\r\n]/g, ' ');
      for (const qa of p.qas) {
        questions.push({
          id: qa.id,
          question: oneLine(qa.question),
          file,
          passage: [[at, at + p.context.length]],
          answer: qa.answers.map((a) => [at + a.answer_start, at + a.answer_start + a.text.length] as Span),
        });
      }
    }
    writeIfChanged(join(dir, file), `${text}\n`);
    written.add(file);
  }
  prune(dir, written);
  return { name, dir, questions: questions.filter((q) => q.question), note: `${written.size} articles` };
}

/** SQuAD v1.1 dev, held-out articles only (test/fixtures/squad-split.json). */
export function squad(repo: string, cache: string): Corpus {
  const split = JSON.parse(readFileSync(join(repo, 'test', 'fixtures', 'squad-split.json'), 'utf8')) as { heldout: string[] };
  const held = new Set(split.heldout);
  const src = join(repo, '..', 'shared', 'data', 'squad-v1.1-dev', 'dev-v1.1.json');
  return {
    ...squadArticles(src, join(cache, 'corpora', 'squad'), 'squad', (t) => held.has(t)),
    note: `${held.size} held-out articles`,
  };
}

const ADORNMENT = /^([=\-~^"'`#*+:._<>!$%&,;/?@\\|])\1{2,}\s*$/;

function stripRst(s: string): string {
  return oneLine(
    s
      .replace(/:[\w:-]+:`([^`<]*?)\s*(?:<[^>]*>)?`/g, '$1')
      .replace(/``([^`]+)``/g, '$1')
      .replace(/`([^`]+)`_{0,2}/g, '$1'),
  );
}

/** Python 3.11 FAQ (Debian python3.11-doc): question headings are the queries and are removed from the text. */
export function pythonFaq(repo: string, cache: string): Corpus {
  // only the FAQ sources are kept: the package's HTML and JavaScript have no business in the repository tree
  const faqDir = join(cache, 'python3.11-faq');
  if (!existsSync(faqDir)) {
    let deb = readdirSync(cache).find((f) => /^python3\.11-doc_.*\.deb$/.test(f));
    if (!deb) {
      process.stderr.write('eval: apt-get download python3.11-doc\n');
      execFileSync('apt-get', ['download', 'python3.11-doc'], { cwd: cache, stdio: 'inherit' });
      deb = readdirSync(cache).find((f) => /^python3\.11-doc_.*\.deb$/.test(f));
    }
    const tmp = mkdtempSync(join(tmpdir(), 'python3.11-doc-'));
    try {
      execFileSync('dpkg-deb', ['-x', join(cache, deb!), tmp]);
      cpSync(join(tmp, 'usr', 'share', 'doc', 'python3.11', 'html', '_sources', 'faq'), faqDir, { recursive: true });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const dir = join(cache, 'corpora', 'pyfaq');
  mkdirSync(dir, { recursive: true });
  const written = new Set<string>();
  const questions: Question[] = [];
  for (const name of readdirSync(faqDir).sort()) {
    if (!name.endsWith('.rst.txt') || name === 'index.rst.txt') continue;
    const lines = readFileSync(join(faqDir, name), 'utf8').replace(/\r\n?/g, '\n').split('\n');
    // headings: [first line, last line, level, title]
    const styles: string[] = [];
    const heads: Array<{ from: number; to: number; level: number; title: string }> = [];
    for (let i = 0; i + 1 < lines.length; i++) {
      const t = (lines[i] as string).trim();
      const under = ADORNMENT.exec(lines[i + 1] as string);
      if (!t || ADORNMENT.test(lines[i] as string) || !under || (lines[i + 1] as string).trim().length < t.length) continue;
      const over = i > 0 && ADORNMENT.exec(lines[i - 1] as string)?.[1] === under[1];
      const style = (over ? 'o' : '') + under[1];
      if (!styles.includes(style)) styles.push(style);
      heads.push({ from: over ? i - 1 : i, to: i + 1, level: styles.indexOf(style), title: t });
      i++;
    }
    const isQ = (h: { title: string }): boolean => h.title.endsWith('?');
    const drop = new Set<number>();
    for (const h of heads.filter(isQ)) for (let l = h.from; l <= h.to; l++) drop.add(l);
    // the file without the question headings, with each kept line's new offset
    const at: number[] = [];
    let text = '';
    lines.forEach((l, i) => {
      at[i] = text.length;
      if (!drop.has(i)) text += `${l}\n`;
    });
    at[lines.length] = text.length;
    const file = name.replace(/\.rst\.txt$/, '.rst');
    heads.forEach((h, k) => {
      if (!isQ(h)) return;
      const next = heads.slice(k + 1).find((n) => n.level <= h.level);
      let s = at[h.to + 1] as number;
      let e = at[next ? next.from : lines.length] as number;
      while (s < e && /\s/.test(text[s] as string)) s++;
      while (e > s && /\s/.test(text[e - 1] as string)) e--;
      if (text.slice(s, e).replace(/\s/g, '').length < 40) return; // nothing to retrieve
      const span: Span = [s, e];
      questions.push({ id: `${file}#${k}`, question: stripRst(h.title), file, passage: [span], answer: [span] });
    });
    writeIfChanged(join(dir, file), text);
    written.add(file);
  }
  prune(dir, written);
  return { name: 'pyfaq', dir, questions, note: 'Python 3.11 FAQ, question headings removed' };
}
