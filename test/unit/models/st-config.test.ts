// The loader reads any sentence-transformers folder the way sentence-transformers does.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readBiEncoderConfig, readCrossEncoderConfig } from '../../../src-main/core/models/st-config.js';
import { defaultModelsDir } from '../../../src-main/core/paths.js';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function folder(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parascope-st-'));
  dirs.push(dir);
  for (const [rel, v] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), JSON.stringify(v));
  }
  return dir;
}

test('the bundled all-MiniLM-L6-v2: mean pooling, normalize, 256 tokens, 384 dims', async () => {
  const c = await readBiEncoderConfig(join(defaultModelsDir(), 'all-MiniLM-L6-v2'));
  assert.equal(c.pooling, 'mean');
  assert.equal(c.normalize, true);
  assert.equal(c.maxSeqLength, 256);
  assert.equal(c.dim, 384);
  assert.equal(c.queryPrompt, '');
  assert.ok(c.files.includes('1_Pooling/config.json'));
});

test('a bge-style folder: CLS pooling, lower-casing, a query prompt', async () => {
  const dir = await folder({
    'config.json': { hidden_size: 384, max_position_embeddings: 512 },
    'modules.json': [
      { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
      { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
      { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
    ],
    '1_Pooling/config.json': { word_embedding_dimension: 384, pooling_mode_cls_token: true, pooling_mode_mean_tokens: false },
    'sentence_bert_config.json': { max_seq_length: 512, do_lower_case: true },
    'config_sentence_transformers.json': { prompts: { query: 'Represent this sentence for searching relevant passages: ' } },
  });
  const c = await readBiEncoderConfig(dir);
  assert.equal(c.pooling, 'cls');
  assert.equal(c.normalize, true);
  assert.equal(c.maxSeqLength, 512);
  assert.equal(c.doLowerCase, true);
  assert.match(c.queryPrompt, /^Represent this sentence/);
  assert.equal(c.documentPrompt, '');
});

test('a model without Normalize keeps raw vectors; max pooling is read', async () => {
  const dir = await folder({
    'modules.json': [{ idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' }],
    '1_Pooling/config.json': { word_embedding_dimension: 768, pooling_mode_max_tokens: true },
  });
  const c = await readBiEncoderConfig(dir);
  assert.equal(c.normalize, false);
  assert.equal(c.pooling, 'max');
  assert.equal(c.dim, 768);
});

test('cross-encoders: one label, or N labels with the relevance label found by name', async () => {
  const one = await readCrossEncoderConfig(await folder({ 'config.json': { num_labels: 1, max_position_embeddings: 512 } }));
  assert.deepEqual([one.numLabels, one.scoreLabel, one.maxLength], [1, 0, 512]);
  const nli = await readCrossEncoderConfig(
    await folder({ 'config.json': { id2label: { '0': 'contradiction', '1': 'entailment', '2': 'neutral' } } }),
  );
  assert.deepEqual([nli.numLabels, nli.scoreLabel], [3, 1]);
  const plain = await readCrossEncoderConfig(await folder({ 'config.json': { num_labels: 2 } }));
  assert.equal(plain.scoreLabel, 1);
});

test('a model serves at the max_seq_length it was saved with (cross-encoders: sentence-transformers ≥ 5)', async () => {
  const dir = await folder({
    'config.json': { num_labels: 1, max_position_embeddings: 512 },
    'sentence_bert_config.json': { max_seq_length: 192 },
  });
  const c = await readCrossEncoderConfig(dir);
  assert.equal(c.maxLength, 192);
  assert.ok(c.files.includes('sentence_bert_config.json'), 'the file is checked against the manifest');
  const long = await readCrossEncoderConfig(
    await folder({ 'config.json': { max_position_embeddings: 256 }, 'sentence_bert_config.json': { max_seq_length: 1024 } }),
  );
  assert.equal(long.maxLength, 256, 'never beyond the position embeddings');
  const bi = await readBiEncoderConfig(
    await folder({ 'config.json': { max_position_embeddings: 256 }, 'sentence_bert_config.json': { max_seq_length: 1024 } }),
  );
  assert.equal(bi.maxSeqLength, 256, 'the bi-encoder is read the same way');
});

test('a broken config file is a MODEL_INVALID error naming the file', async () => {
  const dir = await folder({});
  await writeFile(join(dir, 'modules.json'), '{ not json');
  await assert.rejects(
    readBiEncoderConfig(dir),
    (e: Error & { code?: string }) => e.code === 'MODEL_INVALID' && /modules\.json/.test(e.message),
  );
});
