// Manifest checks at load time and execution-provider fallback, on copies of the real model folder.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ParascopeError } from '../../../src-main/common/errors.js';
import { OnnxEmbedder } from '../../../src-main/core/embed/onnx-embedder.js';
import { openModelFolder, variantsFor, type ModelFolder } from '../../../src-main/core/models/loader.js';
import { openSession } from '../../../src-main/core/models/ort.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';

const modelsDir = defaultModelsDir();
let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parascope-models-'));
});
after(() => rm(tmp, { recursive: true, force: true }));

async function copyModel(name: string): Promise<string> {
  const dir = join(tmp, name);
  // the int8 variant is enough for CPU loading; skip the 90 MB fp32 file
  await cp(join(modelsDir, 'all-MiniLM-L6-v2'), dir, { recursive: true, filter: (src) => !/model(_fp16)?\.onnx$/.test(src) });
  return dir;
}

async function loadError(models: string, name: string): Promise<ParascopeError> {
  try {
    const e = await OnnxEmbedder.load({ model: name, modelsDir: models, providers: ['cpu'] });
    await e.dispose();
  } catch (err) {
    assert.ok(err instanceof ParascopeError, `expected ParascopeError, got ${String(err)}`);
    return err;
  }
  assert.fail('model loaded although a file was damaged');
}

test('every bundled file is listed in the manifest with its sha256 and size', async () => {
  for (const name of ['all-MiniLM-L6-v2']) {
    const m = JSON.parse(await readFile(join(modelsDir, name, 'manifest.json'), 'utf8'));
    for (const rel of ['tokenizer.json', 'config.json', 'modules.json', 'onnx/model.onnx', 'onnx/model_int8.onnx']) {
      assert.match(m.files[rel]?.sha256 ?? '', /^[0-9a-f]{64}$/, rel);
      assert.ok(m.files[rel].size > 0, rel);
    }
    assert.equal(m.upstreamSha256['model.safetensors'], '53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db');
  }
});

test('a truncated ONNX file is named in a MODEL_INVALID error', async () => {
  const dir = await copyModel('truncated');
  await truncate(join(dir, 'onnx', 'model_int8.onnx'), 1000);
  const err = await loadError(tmp, 'truncated');
  assert.equal(err.code, 'MODEL_INVALID');
  assert.match(err.message, /model_int8\.onnx/);
  assert.match(err.message, /truncated/);
});

test('an altered tokenizer is named in a MODEL_INVALID error', async () => {
  const dir = await copyModel('altered');
  const path = join(dir, 'tokenizer.json');
  const text = await readFile(path, 'utf8');
  await writeFile(path, text.replace('"[UNK]"', '"[UNX]"'));
  const err = await loadError(tmp, 'altered');
  assert.equal(err.code, 'MODEL_INVALID');
  assert.match(err.message, /tokenizer\.json/);
});

test('a missing model file is named in a MODEL_INVALID error', async () => {
  const dir = await copyModel('missing');
  await rm(join(dir, 'modules.json'));
  const err = await loadError(tmp, 'missing');
  assert.equal(err.code, 'MODEL_INVALID');
  assert.match(err.message, /modules\.json.*missing/);
});

test('an unknown model name gives a clear error', async () => {
  const err = await loadError(tmp, 'no-such-model');
  assert.equal(err.code, 'MODEL_INVALID');
  assert.match(err.message, /no-such-model.*does not exist/);
});

test('a GPU provider tries each of its variants before the next provider', async () => {
  const folder = await openModelFolder('all-MiniLM-L6-v2', modelsDir);
  const lines: string[] = [];
  const file = (name: string): string => join(folder.dir, 'onnx', name);
  // webgpu is offered two files (as fp16 then fp32 would be) and refuses both here; the CPU takes int8
  const opened = await openSession(
    (p) => (p === 'webgpu' ? [file('model_int8.onnx'), file('model.onnx')] : [file('model_int8.onnx')]),
    ['webgpu', 'cpu'],
    (l) => lines.push(l),
    async () => {},
    () => null,
  );
  try {
    assert.equal(opened.provider, 'cpu');
    assert.equal(opened.path, file('model_int8.onnx'));
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0]!, /^execution provider webgpu could not run model_int8\.onnx \(.+\); trying model\.onnx$/);
    assert.match(lines[1]!, /^execution provider webgpu unavailable \(.+\); trying the next one$/);
  } finally {
    await opened.session.release();
  }
});

test('variants by provider: int8 first on the CPU, fp16 then fp32 on a GPU, a forced precision first', () => {
  const folder: ModelFolder = {
    id: 'm',
    dir: '/m',
    manifest: null,
    variants: { fp32: 'onnx/model.onnx', fp16: 'onnx/model_fp16.onnx', int8: 'onnx/model_int8.onnx' },
  };
  const order = (p: 'cpu' | 'cuda' | 'webgpu', forced?: 'fp32' | 'fp16' | 'int8'): string[] =>
    variantsFor(folder, p, forced).map((v) => v.precision);
  assert.deepEqual(order('cpu'), ['int8', 'fp32', 'fp16']);
  assert.deepEqual(order('cuda'), ['fp16', 'fp32']);
  assert.deepEqual(order('webgpu', 'fp32'), ['fp32', 'fp16']);
  assert.deepEqual(order('cpu', 'fp16'), ['fp16', 'fp32', 'int8']);
  // a folder with only int8 still runs on a GPU provider (its integer kernels on the CPU)
  assert.deepEqual(
    variantsFor({ ...folder, variants: { int8: 'onnx/model_int8.onnx' } }, 'cuda').map((v) => v.precision),
    ['int8'],
  );
});

test('a GPU provider that fails falls back to CPU with one log line', async () => {
  const folder = await openModelFolder('all-MiniLM-L6-v2', modelsDir);
  const lines: string[] = [];
  // no precheck: onnxruntime itself must refuse webgpu here (no adapter) and the loop move on
  const opened = await openSession(
    () => [join(folder.dir, 'onnx', 'model_int8.onnx')],
    ['webgpu', 'cpu'],
    (l) => lines.push(l),
    async () => {},
    () => null,
  );
  try {
    assert.equal(opened.provider, 'cpu');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^execution provider webgpu unavailable \(.+\); trying the next one$/);
  } finally {
    await opened.session.release();
  }
});

test('idle release: the real models let go of their session when unused, and the next call gives the same scores', async () => {
  const { OnnxReranker } = await import('../../../src-main/core/rerank/onnx-reranker.js');
  const e = await OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir, providers: ['cpu'], idleReleaseMs: 50 });
  const r = await OnnxReranker.load({ model: 'parascope-reranker-minilm', modelsDir, providers: ['cpu'], idleReleaseMs: 50 });
  try {
    const session = (m: object) => (m as unknown as { session: { loaded: boolean; reopened: number } }).session;
    const passages = ['Tides rise and fall because of the moon.', 'The ferry leaves from pier 4.'];
    const before = [await e.embedQuery('Why do tides rise?'), await r.score('Why do tides rise?', passages)] as const;
    await new Promise((res) => setTimeout(res, 150));
    assert.equal(session(e).loaded, false, 'the embedder released its session');
    assert.equal(session(r).loaded, false, 'the re-ranker released its session');
    const again = [await e.embedQuery('Why do tides rise?'), await r.score('Why do tides rise?', passages)] as const;
    assert.equal(session(e).reopened, 1);
    assert.equal(session(r).reopened, 1);
    assert.deepEqual([...again[0]], [...before[0]]);
    assert.deepEqual(again[1], before[1]);
  } finally {
    await e.dispose();
    await r.dispose();
  }
});
