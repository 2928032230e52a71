// Manifest entries, variants and sentence-transformers module paths must stay inside their model folder.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readManifest, verifyModelFiles, type Manifest } from '../../../src-main/core/models/manifest.js';
import { readBiEncoderConfig } from '../../../src-main/core/models/st-config.js';

let base: string;
const SECRET = 'root:$6$not-for-models:19000:0:99999:7:::\n';

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'parascope-manifest-'));
  await mkdir(join(base, 'etc'));
  await writeFile(join(base, 'etc', 'shadow'), SECRET);
});
after(() => rm(base, { recursive: true, force: true }));

const entry = (body: string): { sha256: string; size: number } => ({
  sha256: createHash('sha256').update(body).digest('hex'),
  size: Buffer.byteLength(body),
});

/** A model folder under base/models/<name> with a tokenizer and the given manifest. */
async function model(name: string, manifest: Partial<Manifest> | null): Promise<string> {
  const dir = join(base, 'models', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'tokenizer.json'), '{}');
  const files = { 'tokenizer.json': entry('{}'), ...manifest?.files };
  if (manifest) await writeFile(join(dir, 'manifest.json'), JSON.stringify({ id: name, kind: 'bi-encoder', ...manifest, files }));
  return dir;
}

function refused(pattern: RegExp): (err: Error & { code?: string }) => boolean {
  return (err) => {
    assert.equal(err.code, 'MODEL_INVALID');
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes(base), `absolute path in: ${err.message}`);
    assert.equal(err.message.split('\n').length, 1);
    return true;
  };
}

test('manifest: a file named with .. is refused before anything is read', async () => {
  const dir = await model('dotdot', { files: { '../../etc/shadow': entry(SECRET) } });
  await assert.rejects(readManifest(dir), refused(/^Model dotdot names a file outside its folder \("\.\.\/\.\.\/etc\/shadow"\)/));
  const win = await model('dotdot-win', { files: { 'onnx\\..\\..\\..\\etc\\shadow': entry(SECRET) } });
  await assert.rejects(readManifest(win), refused(/outside its folder/));
});

test('manifest: an absolute file or variant is refused without printing the path', async () => {
  const abs = await model('absolute', { files: { [join(base, 'etc', 'shadow')]: entry(SECRET) } });
  await assert.rejects(readManifest(abs), refused(/outside its folder \(an absolute path\)/));
  const drive = await model('drive', { files: { 'C:\\Windows\\win.ini': entry('x') } });
  await assert.rejects(readManifest(drive), refused(/an absolute path/));
  const variant = await model('variant', { variants: { int8: '../../../etc/shadow' } });
  await assert.rejects(readManifest(variant), refused(/outside its folder/));
});

test('manifest: a listed file that links outside the folder is refused, not hashed', async () => {
  const dir = await model('linked', { files: { 'vocab.txt': entry(SECRET) } });
  await symlink(join(base, 'etc', 'shadow'), join(dir, 'vocab.txt'));
  const m = await readManifest(dir);
  assert.ok(m);
  await assert.rejects(
    verifyModelFiles(dir, m, ['vocab.txt']),
    refused(/^Model file linked\/vocab\.txt links outside the model folder/),
  );
  // Without a manifest (a user's own export) too.
  await assert.rejects(verifyModelFiles(dir, null, ['vocab.txt']), refused(/links outside/));
  // A folder link that escapes: every file under it is outside.
  await symlink(join(base, 'etc'), join(dir, 'onnx'));
  await assert.rejects(verifyModelFiles(dir, null, ['onnx/shadow']), refused(/links outside/));
});

test('manifest: files inside, links inside included, pass; missing and unlisted ones are named relative', async () => {
  const dir = await model('good', { files: { 'sub/b.json': entry('[1]'), 'alias.json': entry('{}') } });
  await mkdir(join(dir, 'sub'));
  await writeFile(join(dir, 'sub', 'b.json'), '[1]');
  await symlink(join(dir, 'tokenizer.json'), join(dir, 'alias.json'));
  const m = await readManifest(dir);
  await verifyModelFiles(dir, m, ['tokenizer.json', 'sub/b.json', 'alias.json']);
  await assert.rejects(verifyModelFiles(dir, m, ['gone.json']), refused(/^Model file good\/gone\.json is missing/));
  await writeFile(join(dir, 'constructor'), 'x');
  await assert.rejects(verifyModelFiles(dir, m, ['constructor']), refused(/good\/constructor is not listed/));
});

test('st-config: a modules.json path that leaves the folder is refused', async () => {
  const dir = await model('modules', null);
  await writeFile(
    join(dir, 'modules.json'),
    JSON.stringify([{ idx: 1, path: '../../etc', type: 'sentence_transformers.models.Pooling' }]),
  );
  await assert.rejects(readBiEncoderConfig(dir), refused(/outside its folder/));
});
