import { join } from 'node:path';
import { ParascopeError } from '../common/errors.js';
import { DEFAULT_SETTINGS, type Settings } from '../common/types.js';
import { validateExcludes } from './ingest/glob.js';
import { checkModelChoice, installedModels } from './models/installed.js';
import { readJsonFile, writeJsonAtomic } from './store/json-file.js';

export async function loadSettings(dataDir: string, log?: (line: string) => void): Promise<Settings> {
  const saved = await readJsonFile<Partial<Settings>>(join(dataDir, 'settings.json'), log);
  return { ...DEFAULT_SETTINGS, ...(saved ?? {}) };
}

export async function saveSettings(dataDir: string, settings: Settings): Promise<void> {
  await writeJsonAtomic(join(dataDir, 'settings.json'), settings);
}

/**
 * Throws BAD_REQUEST, with a sentence, for a change that cannot be saved: an exclude pattern that is no glob, a
 * model that is not installed or of the wrong kind, or another embedding model while `indexed` (the settings of a
 * library with folders) holds vectors of the current one: that change is a rebuild. (The contract's schema has
 * checked the types already.)
 */
export async function checkSettingsChange(
  req: Partial<Settings>,
  modelsDir: string,
  indexed: Settings | null = null,
): Promise<void> {
  const bad = req.excludes ? validateExcludes(req.excludes) : null;
  if (bad) throw new ParascopeError('BAD_REQUEST', bad);
  const model = req.embeddingModel;
  if (indexed && model !== undefined && model !== indexed.embeddingModel)
    throw new ParascopeError(
      'BAD_REQUEST',
      `Changing the embedding model indexes every folder again: choose Rebuild with ${model} in Settings (or run parascope rebuild --embedding-model ${model}).`,
    );
  if (req.embeddingModel === undefined && req.rerankerModel === undefined) return;
  const installed = await installedModels(modelsDir);
  if (req.embeddingModel !== undefined) checkModelChoice(req.embeddingModel, 'embedding', installed);
  if (req.rerankerModel !== undefined) checkModelChoice(req.rerankerModel, 'reranker', installed);
}
