// Where Parascope keeps its data. Same place the Electron app uses (its userData for "Parascope"),
// so the CLI and the app share one index; PARASCOPE_DATA_DIR or --data-dir override it.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const override = env['PARASCOPE_DATA_DIR'];
  if (override) return resolve(override);
  const home = homedir();
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Parascope');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Parascope');
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'Parascope');
}

/** resources/models of the repository (development, CLI) — the packaged app passes its own. */
export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['PARASCOPE_MODELS_DIR']) return resolve(env['PARASCOPE_MODELS_DIR']);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'models');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return resolve('resources', 'models');
}

/**
 * A folder path as a person types it: `~` and `~/…` are the home folder; a relative path resolves against `base`
 * (the window passes the home folder, since its working folder is the install folder; the CLI its working folder).
 */
export function expandUserPath(input: string, base: string, home: string = homedir()): string {
  const p = input.trim();
  if (p === '~') return home;
  if (p.startsWith('~/') || (process.platform === 'win32' && p.startsWith('~\\'))) return join(home, p.slice(2));
  return resolve(base, p);
}
