// A rebuild is written beside the live index, in `<dataDir>/rebuild/` (its own catalog.json and lancedb/), while
// the live one keeps answering. When it is complete a marker is written, and the swap moves it in: the live table
// and catalog aside to `rebuild-old/`, the new ones in, the new embedding model into settings.json, then both
// folders deleted. Every step can be done again, so a swap a crash interrupted is finished by the next process that
// sees the marker (under the index lock); a rebuild interrupted before its marker is resumed or dropped, and the
// live index was never touched.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { faultPoint } from '../fault.js';
import { loadSettings, saveSettings } from '../settings.js';
import { readJsonFile, writeJsonAtomic } from './json-file.js';

export interface ShadowTarget {
  embeddingModel: string;
  startedAt: string;
}

export interface Shadow {
  dir: string;
  target: ShadowTarget;
  complete: boolean;
}

/** What a swap moves: the table and the catalog (settings.json is rewritten, not moved). */
const MOVED = ['lancedb', 'catalog.json'] as const;

export const shadowDir = (dataDir: string): string => join(dataDir, 'rebuild');
const asideDir = (dataDir: string): string => join(dataDir, 'rebuild-old');
const doneDir = (dataDir: string): string => join(dataDir, 'rebuild-done');
const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

export async function readShadow(dataDir: string): Promise<Shadow | null> {
  const dir = shadowDir(dataDir);
  const target = await readJsonFile<ShadowTarget>(join(dir, 'target.json'));
  if (!target || typeof target.embeddingModel !== 'string') return null;
  return { dir, target, complete: await exists(join(dir, 'complete')) };
}

/** A swap is due: quick enough for every question to look. */
export const swapDue = (dataDir: string): Promise<boolean> => exists(join(shadowDir(dataDir), 'complete'));

/**
 * The shadow for `embeddingModel`: the one an interrupted rebuild left when it was for the same model (resumed),
 * otherwise a new, empty one. Returns whether it resumes.
 */
export async function startShadow(dataDir: string, embeddingModel: string): Promise<{ dir: string; resumed: boolean }> {
  const left = await readShadow(dataDir);
  const dir = shadowDir(dataDir);
  if (left && !left.complete && left.target.embeddingModel === embeddingModel) return { dir, resumed: true };
  await dropShadow(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeJsonAtomic(join(dir, 'target.json'), { embeddingModel, startedAt: new Date().toISOString() });
  return { dir, resumed: false };
}

export async function markComplete(dataDir: string): Promise<void> {
  await writeJsonAtomic(join(shadowDir(dataDir), 'complete'), { at: new Date().toISOString() });
  faultPoint('rebuild:marked-complete');
}

/** Moves a complete shadow in and records its model; call under the index lock, with the live store closed. */
export async function finishSwap(dataDir: string): Promise<ShadowTarget | null> {
  const shadow = await readShadow(dataDir);
  if (!shadow?.complete) return null;
  const aside = asideDir(dataDir);
  await mkdir(aside, { recursive: true, mode: 0o700 });
  for (const name of MOVED) {
    const fresh = join(shadow.dir, name);
    if (!(await exists(fresh))) continue; // moved in before a crash
    const live = join(dataDir, name);
    if (await exists(live)) {
      await rm(join(aside, name), { recursive: true, force: true });
      await rename(live, join(aside, name));
    }
    await rename(fresh, live);
    faultPoint(`rebuild:moved-${name}`);
  }
  const settings = await loadSettings(dataDir);
  if (settings.embeddingModel !== shadow.target.embeddingModel)
    await saveSettings(dataDir, { ...settings, embeddingModel: shadow.target.embeddingModel });
  faultPoint('rebuild:settings-saved');
  // one rename retires the shadow (its marker with it), so a crash while deleting cannot look like a rebuild to resume
  await rm(aside, { recursive: true, force: true });
  await rm(doneDir(dataDir), { recursive: true, force: true });
  await rename(shadow.dir, doneDir(dataDir));
  await rm(doneDir(dataDir), { recursive: true, force: true });
  return shadow.target;
}

/** Forgets a rebuild (cancelled, or for another model); the live index is not touched. */
export async function dropShadow(dataDir: string): Promise<void> {
  for (const dir of [shadowDir(dataDir), asideDir(dataDir), doneDir(dataDir)]) await rm(dir, { recursive: true, force: true });
}
