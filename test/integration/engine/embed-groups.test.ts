// Parsed files are embedded together (IndexingService: the next file and the files parsed behind it, in one call):
// every stored vector must still be its own passage's, with files that fail or are skipped in between. Real models,
// a real LanceDB.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Engine } from '../../../src-main/core/engine.js';
import { OnnxEmbedder } from '../../../src-main/core/embed/onnx-embedder.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';
import { LanceStore } from '../../../src-main/core/store/lance-store.js';

// each island's passages differ by more than its name, so every passage has a clearly nearest vector
const GOODS = ['lamp oil', 'rope', 'flour', 'tar', 'candles', 'nails', 'coal', 'salt', 'paint', 'sailcloth', 'tea', 'rum'];
const ISLANDS = ['Arran', 'Bute', 'Coll', 'Eigg', 'Harris', 'Islay', 'Jura', 'Lewis', 'Mull', 'Rum', 'Skye', 'Tiree'];
let tmp = '';
after(() => rm(tmp, { recursive: true, force: true }));

test('files embedded together: each stored vector is its own passage, with problem files between them', async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-embed-groups-'));
  const docs = join(tmp, 'docs');
  await mkdir(docs);
  for (const [i, island] of ISLANDS.entries()) {
    await writeFile(
      join(docs, `${String(i).padStart(2, '0')}-${island}.md`),
      `# ${island}\n\nThe ferry to ${island} sails at ${6 + i} o'clock and carries ${GOODS[(i + 5) % GOODS.length]}.\n\n## Stores\n\nOn ${island} the keeper keeps ${i + 2} barrels of ${GOODS[i]} for the winter.\n`,
    );
    // a broken PDF and an empty file between them: no chunks, but parsed in the same groups
    if (i === 3) await writeFile(join(docs, '03b-broken.pdf'), '%PDF-1.4\nnot a PDF at all\n');
    if (i === 7) await writeFile(join(docs, '07b-empty.txt'), '');
  }
  const dataDir = join(tmp, 'data');
  const engine = await Engine.open({ dataDir, modelsDir: defaultModelsDir(), providers: ['cpu'] });
  const pathOf = (i: number): string => join(docs, `${String(i).padStart(2, '0')}-${ISLANDS[i]}.md`);
  try {
    const s = await engine.addFolders({ paths: [docs] });
    assert.equal(s.indexed, ISLANDS.length, JSON.stringify(s.problems));
    assert.ok(s.embedSeconds > 0 && s.embedSeconds <= s.seconds, `time inside the embedder: ${s.embedSeconds} of ${s.seconds} s`);
    assert.deepEqual(s.problems.map((p) => [p.state, p.path.slice(docs.length + 1)]).sort(), [
      ['failed', '03b-broken.pdf'],
      ['skipped', '07b-empty.txt'],
    ]);
  } finally {
    await engine.close();
  }
  const store = await LanceStore.open(join(dataDir, 'lancedb'), 384);
  const embedder = await OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir: defaultModelsDir(), providers: ['cpu'] });
  try {
    // int8 activations are quantised per batch, so a vector depends a little on its batch-mates (cosine ~0.99 to the
    // same text embedded alone): each stored vector must be nearer its own passage than any other passage
    const chunks = (await Promise.all(ISLANDS.map((_, i) => store.fileChunks(pathOf(i))))).flat();
    assert.ok(chunks.length >= 2 * ISLANDS.length, `${chunks.length} chunks`);
    const vectors = await embedder.embedDocuments(chunks.map((c) => c.text));
    const ids = chunks.map((c) => c.id);
    for (const [k, c] of chunks.entries()) {
      const cos = await store.cosines(ids, vectors[k]!);
      const nearest = [...cos].sort((a, b) => b[1] - a[1])[0]!;
      assert.equal(nearest[0], c.id, `the stored vector nearest "${c.text}" is its own (${nearest[1]})`);
    }
  } finally {
    await store.close();
    await embedder.dispose();
  }
});
