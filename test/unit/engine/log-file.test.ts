import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RotatingLog } from '../../../src-main/core/log-file.js';

test('the engine log appends stamped lines, rotates past its size, keeps a bounded number of files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parascope-log-'));
  try {
    const log = new RotatingLog(join(dir, 'logs'), 'engine.log', { maxBytes: 400, keep: 3 });
    log.write('embedding model all-MiniLM-L6-v2 on cpu (int8)');
    log.write('two\nlines');
    const first = await readFile(log.path, 'utf8');
    assert.match(first, /^\d{4}-\d\d-\d\dT[\d:.]+Z embedding model all-MiniLM-L6-v2 on cpu \(int8\)\n/);
    assert.match(first, /two ⏎ lines\n$/, 'one event is one line');
    for (let i = 0; i < 40; i++) log.write(`line ${i} ${'x'.repeat(40)}`);
    const files = (await readdir(join(dir, 'logs'))).sort();
    assert.deepEqual(files, ['engine.log', 'engine.log.1', 'engine.log.2']);
    for (const f of files) assert.ok((await stat(join(dir, 'logs', f))).size <= 400, `${f} within its size`);
    assert.match(await readFile(log.path, 'utf8'), /line 39 /, 'the newest lines are in engine.log');
    if (process.platform !== 'win32') assert.equal((await stat(log.path)).mode & 0o077, 0, 'readable by the user alone');
    // a new log over an existing file goes on from its size
    new RotatingLog(join(dir, 'logs'), 'engine.log', { maxBytes: 400, keep: 3 }).write('after a restart');
    assert.match(await readFile(log.path, 'utf8'), /after a restart\n$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
