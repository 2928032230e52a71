import { join } from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../common/types.js';
import { readJsonFile, writeJsonAtomic } from './store/json-file.js';

export async function loadSettings(dataDir: string, log?: (line: string) => void): Promise<Settings> {
  const saved = await readJsonFile<Partial<Settings>>(join(dataDir, 'settings.json'), log);
  return { ...DEFAULT_SETTINGS, ...(saved ?? {}) };
}

export async function saveSettings(dataDir: string, settings: Settings): Promise<void> {
  await writeJsonAtomic(join(dataDir, 'settings.json'), settings);
}
