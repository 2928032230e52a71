// What spelling correction costs. The library's words are kept by the store's writes (what that adds to writing the
// table: the same texts counted in memory), saved beside the table; a question after an index run or a change in the
// same process takes them as kept, one in a new process loads the save, and the reference is what every first
// question paid before: a read of the whole table's text (still paid where the save is missing or stale). Then the
// correction of each question against them. Text: SQuAD v1.1 train paragraphs (18,896), repeated to reach each size;
// vectors are zeros (not searched here).
// Usage: tsx bench/spelling.ts 18896,94480 → last line JSON
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { emit, percentile, ROOT, round, squad, time } from './common.js';
import { misspell } from '../eval/corpora.js';
import { TextTokenizer } from '../src-main/core/models/tokenizer.js';
import { spelledRight } from '../src-main/core/search/english-words.js';
import { buildVocabulary, correctSpelling } from '../src-main/core/search/spelling.js';
import { LanceStore } from '../src-main/core/store/lance-store.js';
import type { StoredChunk } from '../src-main/core/store/vector-store.js';

const sizes = (process.argv[2] ?? '18896,94480').split(',').map(Number);
const TRAIN = resolve(ROOT, '..', 'shared', 'data', 'squad-v1.1-train', 'train-v1.1-from-explorer.json');
const train = (JSON.parse(readFileSync(TRAIN, 'utf8')) as { data: { paragraphs: { context: string }[] }[] }).data.flatMap((a) =>
  a.paragraphs.map((p) => p.context),
);
const questions = squad()
  .flatMap((a) => a.paragraphs.flatMap((p) => p.qas.map((q) => q.question)))
  .filter((_, i) => i % 20 === 0);
// the words the app takes as spelled right (the model's whole words and the English lists), as the search service
const known = spelledRight((await TextTokenizer.load(join(ROOT, 'resources', 'models', 'all-MiniLM-L6-v2'))).words);
const DIM = 384;
const figures: Record<string, unknown>[] = [];

for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'parascope-bench-spelling-'));
  try {
    const rowsOf = (from: number, to: number, path?: string): StoredChunk[] => {
      const rows: StoredChunk[] = [];
      for (let i = from; i < to; i++) {
        const text = train[i % train.length]!;
        rows.push({
          id: `c${i}`,
          path: path ?? `/docs/f${Math.floor(i / 20)}.txt`,
          root: '/docs',
          hash: 'h',
          mtime: 0,
          text,
          heading: '',
          page: null,
          line: 1,
          start: 0,
          end: text.length,
          ordinal: i % 20,
          vector: new Float32Array(DIM),
        });
      }
      return rows;
    };
    let store = await LanceStore.open(dir, DIM);
    let writeS = 0;
    for (let at = 0; at < n; at += 5000) {
      const rows = rowsOf(at, Math.min(n, at + 5000));
      writeS += (await time(() => store.replaceFiles([...new Set(rows.map((r) => r.path))], rows, true)))[1];
    }
    const [, countS] = await time(async () => buildVocabulary(rowsOf(0, n).map((r) => r.text)));
    await store.optimize(); // as after an index run: the full-text index is built (and the words saved)
    const [vocab, afterIndexS] = await time(() => store.vocabulary());
    const [, cachedS] = await time(() => store.vocabulary());
    // a changed file (its 20 passages replaced by 20 others), then a question
    await store.replaceFiles(['/docs/f0.txt'], rowsOf(n, n + 20, '/docs/f0.txt'), false);
    await store.optimize();
    const [, afterChangeS] = await time(() => store.vocabulary());
    const scansInProcess = store.wordScans;
    await store.close();
    store = await LanceStore.open(dir, DIM);
    const [, newProcessS] = await time(() => store.vocabulary());
    const loads = store.wordScans;
    await store.close();
    const saved = join(dir, 'chunks.words.json');
    const savedBytes = statSync(saved).size;
    rmSync(saved);
    store = await LanceStore.open(dir, DIM);
    const [, scanS] = await time(() => store.vocabulary());
    const per: number[] = [];
    let corrected = 0;
    questions.forEach((q, i) => {
      for (const text of [q, misspell(q, 13_000 + i)]) {
        const t = performance.now();
        if (correctSpelling(text, vocab, known).corrections.length) corrected++;
        per.push(performance.now() - t);
      }
    });
    const f = {
      passages: n,
      words: vocab.words.size,
      write_ms: round(writeS * 1000, 0),
      words_counted_ms: round(countS * 1000, 0),
      after_index_ms: round(afterIndexS * 1000, 2),
      cached_ms: round(cachedS * 1000, 2),
      after_change_ms: round(afterChangeS * 1000, 2),
      table_reads_in_process: scansInProcess,
      new_process_ms: round(newProcessS * 1000, 0),
      new_process_table_reads: loads,
      saved_kb: round(savedBytes / 1024, 0),
      scan_ms: round(scanS * 1000, 0),
      correct_p50_ms: round(percentile(per, 50), 3),
      correct_p95_ms: round(percentile(per, 95), 3),
      questions_corrected: `${corrected}/${per.length}`,
      heap_mb: round(process.memoryUsage().heapUsed / 2 ** 20, 0),
    };
    process.stderr.write(`spelling: ${JSON.stringify(f)}\n`);
    figures.push(f);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
emit({ spelling: figures });
