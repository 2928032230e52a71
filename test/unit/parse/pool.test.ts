import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFixtures, type Fixtures } from '../../fixtures/make-fixtures.js';
import { ParserPool, resolveWorkerUrl, workerExecArgv } from '../../../src-main/core/parse/pool.js';
import { FileProblem, parseFile } from '../../../src-main/core/parse/index.js';
import { chunkBlocks } from '../../../src-main/core/chunk/chunker.js';
import { approxTokenCount } from '../../../src-main/core/chunk/tokens.js';

let fx: Fixtures;
let bigHtml: string;
before(async () => {
  fx = await makeFixtures();
  bigHtml = join(fx.dir, 'big.html');
  const paras = Array.from({ length: 60_000 }, (_, i) => `<p>Paragraph ${i} of a large page. It has two sentences.</p>`);
  await writeFile(bigHtml, `<html><body>${paras.join('\n')}</body></html>`);
});
after(() => rm(fx.dir, { recursive: true, force: true }));

test('worker url and exec flags', () => {
  assert.equal(resolveWorkerUrl('file:///app/src/core/parse/pool.ts').href, 'file:///app/src/core/parse/worker.ts');
  assert.equal(resolveWorkerUrl('file:///app/out/main/index.js').href, 'file:///app/out/main/worker.js');
  assert.deepEqual(workerExecArgv(['--import', 'tsx', '--test', '--test-concurrency=1', '--no-warnings']), [
    '--import',
    'tsx',
    '--no-warnings',
  ]);
});

test('pool parses and chunks in workers, same result as in process; problems keep their reason', async (t) => {
  const pool = new ParserPool({ size: 2 });
  t.after(() => pool.close());
  const [md, pdf, enc] = await Promise.allSettled([
    pool.run(fx.markdown, { chunk: true }),
    pool.run(fx.pdf),
    pool.run(fx.encryptedPdf),
  ]);
  assert.equal(md.status, 'fulfilled');
  const local = await parseFile(fx.markdown);
  assert.deepEqual(md.value.blocks, local.blocks);
  assert.deepEqual(md.value.chunks, chunkBlocks(local.blocks, { path: fx.markdown, countTokens: approxTokenCount }));
  assert.equal(pdf.status, 'fulfilled');
  assert.deepEqual(
    pdf.value.blocks.map((b) => b.page),
    [1, 1, 1, 2],
  );
  assert.equal(pdf.value.chunks, undefined);
  assert.equal(enc.status, 'rejected');
  assert.ok(enc.reason instanceof FileProblem);
  assert.equal(enc.reason.state, 'failed');
  assert.equal(enc.reason.message, 'PDF is password-protected');
});

test('a job past its timeout fails alone; its worker is replaced and the pool keeps working', async (t) => {
  const pool = new ParserPool({ size: 2 });
  t.after(() => pool.close());
  await pool.run(fx.text); // warm a worker so the timeout measures parsing, not start-up
  const slow = pool.run(bigHtml, { chunk: true, timeoutMs: 300 });
  const fast = pool.run(fx.docx);
  await assert.rejects(slow, (err: unknown) => {
    assert.ok(err instanceof FileProblem);
    assert.equal(err.state, 'failed');
    assert.equal(err.message, 'parser timed out after 300 ms');
    return true;
  });
  assert.equal((await fast).blocks[0]?.text, 'Quarterly Report');
  const again = await Promise.all([pool.run(fx.text), pool.run(fx.html), pool.run(fx.rst)]);
  assert.deepEqual(
    again.map((d) => d.format),
    ['text', 'html', 'rst'],
  );
});

test('a worker that runs out of memory fails that file with a clear reason', async (t) => {
  const pool = new ParserPool({ size: 1, maxOldGenMB: 24 });
  t.after(() => pool.close());
  await assert.rejects(pool.run(bigHtml, { chunk: true }), (err: unknown) => {
    assert.ok(err instanceof FileProblem);
    assert.equal(err.message, 'parser ran out of memory');
    return true;
  });
});

test('abort and close reject pending jobs', async () => {
  const pool = new ParserPool({ size: 1 });
  const ac = new AbortController();
  const running = pool.run(bigHtml, { signal: ac.signal });
  const queued = pool.run(fx.text).then(
    () => 'parsed',
    (err: unknown) => String(err),
  );
  ac.abort();
  await assert.rejects(running, { name: 'AbortError' });
  await pool.close();
  assert.equal(await queued, 'Error: parser pool is closed');
  await assert.rejects(pool.run(fx.text), /closed/);
});
