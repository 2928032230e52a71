// What spelling correction costs a question: the library's words read from a real LanceDB table (the first question
// after the index changed pays it), the same call again (cached), and the correction of each question against them.
// Text: SQuAD v1.1 train paragraphs (18,896), repeated to reach each size; vectors are zeros (not searched here).
// Usage: tsx bench/spelling.ts 18896,94480 → last line JSON
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { emit, percentile, ROOT, round, squad, time } from './common.js';
import { misspell } from '../eval/corpora.js';
import { TextTokenizer } from '../src-main/core/models/tokenizer.js';
import { correctSpelling } from '../src-main/core/search/spelling.js';
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
const known = (await TextTokenizer.load(join(ROOT, 'resources', 'models', 'all-MiniLM-L6-v2'))).words;
const DIM = 384;
const figures: Record<string, unknown>[] = [];

for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'parascope-bench-spelling-'));
  try {
    const store = await LanceStore.open(dir, DIM);
    for (let at = 0; at < n; at += 5000) {
      const rows: StoredChunk[] = [];
      for (let i = at; i < Math.min(n, at + 5000); i++) {
        const text = train[i % train.length]!;
        rows.push({
          id: `c${i}`,
          path: `/docs/f${Math.floor(i / 20)}.txt`,
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
      await store.replaceFiles([...new Set(rows.map((r) => r.path))], rows, true);
    }
    await store.optimize(); // as after an index run: the full-text index is built before the first question
    const [vocab, scanS] = await time(() => store.vocabulary());
    const [, cachedS] = await time(() => store.vocabulary());
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
      scan_ms: round(scanS * 1000, 0),
      cached_ms: round(cachedS * 1000, 2),
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
