// `npm run models:verify`: golden vectors and sentence-transformers parity through onnxruntime-node.
// Last line: golden-cosine-min=<x> parity-cosine-min=<y>
import { join } from 'node:path';
import { OnnxEmbedder } from '../core/embed/onnx-embedder.js';
import { defaultModelsDir } from '../core/paths.js';
import { goldenCosine, loadGoldenSet, loadParityFixture, parityCosine } from '../core/models/verify.js';

const modelsDir = defaultModelsDir();
const fixture = loadParityFixture(join(modelsDir, '..', '..', 'test', 'fixtures', 'models', 'parity-all-MiniLM-L6-v2.json'));
const golden = loadGoldenSet();

const fp32Golden = await OnnxEmbedder.load({
  model: 'all-MiniLM-L6-v2',
  modelsDir,
  providers: ['cpu'],
  precision: 'fp32',
  maxSeqLength: 512,
});
const g = await goldenCosine(fp32Golden, golden);
await fp32Golden.dispose();
console.log(`golden (${g.n} docs, fp32, transformers.js): cosine min ${g.min.toFixed(5)} mean ${g.mean.toFixed(5)}`);

const fp32 = await OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir, providers: ['cpu'], precision: 'fp32' });
const p = await parityCosine(fp32, fixture);
await fp32.dispose();
console.log(`parity fp32 (${p.n} paragraphs, sentence-transformers): cosine min ${p.min.toFixed(6)} mean ${p.mean.toFixed(6)}`);

const int8 = await OnnxEmbedder.load({ model: 'all-MiniLM-L6-v2', modelsDir, providers: ['cpu'], precision: 'int8' });
const q = await parityCosine(int8, fixture);
await int8.dispose();
console.log(`parity int8 (${q.n} paragraphs, sentence-transformers): cosine min ${q.min.toFixed(5)} mean ${q.mean.toFixed(5)}`);

const ok = g.min >= 0.99 && p.min >= 0.9999 && q.mean >= 0.99;
console.log(`golden-cosine-min=${g.min.toFixed(5)} parity-cosine-min=${p.min.toFixed(6)}`);
process.exitCode = ok ? 0 : 1;
