// One large file is one long call to the embedder: the progress must move while it runs (passages, the bar, the
// file named), not sit still until the whole file is done. Real models, a real parser pool, a real LanceDB.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { IndexProgress } from '../../../src-main/common/types.js';
import { Engine } from '../../../src-main/core/engine.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';

const PORTS = ['Aberdeen', 'Bristol', 'Cardiff', 'Dover', 'Exeter', 'Falmouth', 'Grimsby', 'Hull', 'Ipswich', 'Leith'];
const GOODS = ['lamp oil', 'rope', 'flour', 'tar', 'candles', 'nails', 'coal', 'salt', 'paint', 'sailcloth', 'tea'];
let tmp = '';
after(() => rm(tmp, { recursive: true, force: true }));

test('a large file moves the progress while its passages are embedded', async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-progress-'));
  const docs = join(tmp, 'docs');
  await mkdir(docs);
  // 480 sections of one paragraph each: 480 passages in one file, so one call to the embedder
  const sections = Array.from({ length: 480 }, (_, i) => {
    const port = PORTS[i % PORTS.length]!;
    const good = GOODS[i % GOODS.length]!;
    return `## Voyage ${i + 1}\n\nThe brig left ${port} on day ${i + 1} with ${10 + (i % 37)} barrels of ${good}, a crew of ${5 + (i % 9)} and a pilot who knew the sands; she made ${port === 'Dover' ? 'Calais' : 'the Downs'} before the tide turned and anchored there for ${1 + (i % 4)} nights.`;
  });
  await writeFile(join(docs, 'logbook.md'), `# The logbook\n\n${sections.join('\n\n')}\n`);
  const engine = await Engine.open({ dataDir: join(tmp, 'data'), modelsDir: defaultModelsDir(), providers: ['cpu'] });
  try {
    const seen: IndexProgress[] = [];
    const summary = await engine.index([docs], { onProgress: (p) => seen.push(p) });
    assert.equal(summary.indexed, 1);
    assert.ok(summary.chunks >= 400, `${summary.chunks} passages`);
    const during = seen.filter((p) => p.embedding);
    assert.ok(during.length >= 1, `${during.length} reports while the file was embedded`);
    for (const p of during) {
      assert.equal(p.filesDone, 0, 'the file is not done until all its passages are');
      assert.match(p.currentFile ?? '', /logbook\.md$/);
      assert.equal(p.embedding!.files, 1);
      assert.equal(p.embedding!.total, summary.chunks);
      assert.ok(p.embedding!.done > 0 && p.embedding!.done < p.embedding!.total);
      assert.equal(p.chunksDone, p.embedding!.done);
      assert.ok(p.etaSeconds !== null && p.etaSeconds >= 0);
    }
    during.slice(1).forEach((p, i) => assert.ok(p.embedding!.done > during[i]!.embedding!.done, 'it only moves forward'));
    const last = seen.at(-1)!;
    assert.equal(last.phase, 'done');
    assert.equal(last.embedding, undefined);
    assert.equal(last.chunksDone, summary.chunks);
  } finally {
    await engine.close();
  }
});
