// The models a user can choose in Settings: the folders under the models directory whose manifest says what they are.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ParascopeError } from '../../common/errors.js';
import type { InstalledModels } from '../../common/types.js';
import { readManifest } from './manifest.js';

export async function installedModels(modelsDir: string): Promise<InstalledModels> {
  const out: InstalledModels = { embedding: [], reranker: [] };
  const entries = existsSync(modelsDir) ? await readdir(modelsDir, { withFileTypes: true }) : [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const manifest = await readManifest(join(modelsDir, e.name)).catch(() => null);
    if (manifest?.kind === 'bi-encoder') out.embedding.push(e.name);
    else if (manifest?.kind === 'cross-encoder') out.reranker.push(e.name);
  }
  return out;
}

/**
 * Throws BAD_REQUEST unless `name` is an installed model of the right kind. A path (a model folder of one's own, for
 * the CLI and evaluation) is left to the loader, which checks it when it is first used.
 */
export function checkModelChoice(name: string, kind: 'embedding' | 'reranker', installed: InstalledModels): void {
  if (isAbsolute(name) || name.startsWith('.')) return;
  const names = installed[kind];
  if (names.includes(name)) return;
  const [what, otherWhat] =
    kind === 'embedding' ? ['an embedding model', 'a re-ranking model'] : ['a re-ranking model', 'an embedding model'];
  const choices = names.length ? `choose one of: ${names.join(', ')}` : 'none is installed';
  const isOther = installed[kind === 'embedding' ? 'reranker' : 'embedding'].includes(name);
  throw new ParascopeError(
    'BAD_REQUEST',
    isOther
      ? `"${name}" is ${otherWhat}, not ${what}; ${choices}.`
      : `There is no ${what.replace(/^an? /, '')} named "${name}"; ${choices}.`,
  );
}
