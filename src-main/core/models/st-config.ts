// Reads a sentence-transformers folder the way sentence-transformers does: modules.json names the
// pooling module, 1_Pooling/config.json its mode, sentence_bert_config.json max_seq_length and
// do_lower_case, config_sentence_transformers.json the prompts. Cross-encoders: config.json num_labels,
// sentence_bert_config.json max_seq_length.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ParascopeError } from '../../common/errors.js';
import { modelFilePath, modelLabel } from './manifest.js';

export type PoolingMode = 'mean' | 'cls' | 'max' | 'lasttoken';

export interface BiEncoderConfig {
  pooling: PoolingMode;
  normalize: boolean;
  maxSeqLength: number;
  doLowerCase: boolean;
  queryPrompt: string;
  documentPrompt: string;
  dim: number;
  /** Files the loader reads (for manifest checks). */
  files: string[];
}

export interface CrossEncoderConfig {
  numLabels: number;
  /** Index of the label used as the relevance score when numLabels > 1. */
  scoreLabel: number;
  maxLength: number;
  files: string[];
}

async function readJson<T>(dir: string, rel: string, files: string[]): Promise<T | null> {
  const path = await modelFilePath(dir, rel); // modules.json names folders: they must stay inside the model
  try {
    const v = JSON.parse(await readFile(path, 'utf8')) as T;
    files.push(rel);
    return v;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ParascopeError('MODEL_INVALID', `Model file ${modelLabel(dir, rel)} is not valid JSON.`);
  }
}

interface StModule {
  idx: number;
  path: string;
  type: string;
}

interface PoolingJson {
  word_embedding_dimension?: number;
  pooling_mode_cls_token?: boolean;
  pooling_mode_mean_tokens?: boolean;
  pooling_mode_max_tokens?: boolean;
  pooling_mode_lasttoken?: boolean;
}

/** The length sentence-transformers serves a model at: sentence_bert_config.json's max_seq_length (512 without
 * one), never beyond the position embeddings. */
function servedLength(hf: { max_position_embeddings?: number } | null, stb: { max_seq_length?: number } | null): number {
  return Math.min(stb?.max_seq_length ?? 512, hf?.max_position_embeddings ?? Infinity);
}

export async function readBiEncoderConfig(dir: string): Promise<BiEncoderConfig> {
  const files: string[] = [];
  const hf = await readJson<{ hidden_size?: number; max_position_embeddings?: number }>(dir, 'config.json', files);
  const modules = (await readJson<StModule[]>(dir, 'modules.json', files)) ?? [];
  const poolingModule = modules.find((m) => m.type.endsWith('.Pooling'));
  const normalize = modules.some((m) => m.type.endsWith('.Normalize'));
  const pooling = poolingModule ? await readJson<PoolingJson>(dir, join(poolingModule.path, 'config.json'), files) : null;
  const stb = await readJson<{ max_seq_length?: number; do_lower_case?: boolean }>(dir, 'sentence_bert_config.json', files);
  const st = await readJson<{ prompts?: Record<string, string>; default_prompt_name?: string | null }>(
    dir,
    'config_sentence_transformers.json',
    files,
  );
  let mode: PoolingMode = 'mean';
  if (pooling?.pooling_mode_cls_token) mode = 'cls';
  else if (pooling?.pooling_mode_max_tokens) mode = 'max';
  else if (pooling?.pooling_mode_lasttoken) mode = 'lasttoken';
  const prompts = st?.prompts ?? {};
  return {
    pooling: mode,
    normalize: modules.length ? normalize : true,
    maxSeqLength: servedLength(hf, stb),
    doLowerCase: stb?.do_lower_case ?? false,
    queryPrompt: prompts['query'] ?? '',
    documentPrompt: prompts['document'] ?? prompts['passage'] ?? '',
    dim: pooling?.word_embedding_dimension ?? hf?.hidden_size ?? 0,
    files,
  };
}

export async function readCrossEncoderConfig(dir: string): Promise<CrossEncoderConfig> {
  const files: string[] = [];
  const hf = await readJson<{
    num_labels?: number;
    id2label?: Record<string, string>;
    max_position_embeddings?: number;
  }>(dir, 'config.json', files);
  if (!hf) throw new ParascopeError('MODEL_INVALID', `Cross-encoder folder ${dir} has no config.json.`);
  // sentence-transformers ≥ 5 saves a cross-encoder's max_length as max_seq_length here (older ones: 512 is used)
  const stb = await readJson<{ max_seq_length?: number }>(dir, 'sentence_bert_config.json', files);
  const labels = Object.entries(hf.id2label ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]));
  const numLabels = hf.num_labels ?? (labels.length || 1);
  const relevant = labels.findIndex(([, name]) => /relevan|entail|positive|true|yes/i.test(name));
  return {
    numLabels,
    scoreLabel: numLabels > 1 ? (relevant >= 0 ? relevant : numLabels - 1) : 0,
    maxLength: servedLength(hf, stb),
    files,
  };
}
