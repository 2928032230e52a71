// A bundled model folder carries manifest.json: the sha256 and size of every file. Files are checked
// before they are loaded, so a missing, truncated or altered file is named in a clear error, not a crash
// deep inside onnxruntime. Every name a manifest gives must stay inside its model folder: a manifest is
// data from disk, and "../../etc/shadow" must not be read, hashed or loaded.
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep, win32 } from 'node:path';
import { ParascopeError } from '../../common/errors.js';
import { sha256File } from '../hash.js';

export interface ManifestFile {
  sha256: string;
  size: number;
}

export interface Manifest {
  id: string;
  kind: 'bi-encoder' | 'cross-encoder';
  source?: string;
  license?: string;
  variants?: Record<string, string>;
  files: Record<string, ManifestFile>;
}

/** "<model folder>/<file>": how messages name a model file, without the install path. */
export function modelLabel(dir: string, rel: string): string {
  return `${basename(dir)}/${rel}`;
}

/** Why `rel` cannot name a file inside its model folder, judged by its text alone; null when it can. */
function outsideReason(rel: unknown): string | null {
  if (typeof rel !== 'string' || rel.length === 0 || rel.includes('\0')) return 'an empty or malformed name';
  if (isAbsolute(rel) || win32.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) return 'an absolute path';
  if (rel.split(/[\\/]/).includes('..')) return `"${rel}"`;
  return null;
}

function outside(dir: string, what: string): ParascopeError {
  return new ParascopeError(
    'MODEL_INVALID',
    `Model ${basename(dir)} names a file outside its folder (${what}); reinstall Parascope or choose another model.`,
  );
}

/** The path of a model file, refused when it leaves the folder by its name or through a link. */
export async function modelFilePath(dir: string, rel: string): Promise<string> {
  const why = outsideReason(rel);
  if (why) throw outside(dir, why);
  const full = join(dir, rel);
  let real: string;
  try {
    real = await realpath(full);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return full; // missing: the caller says so
    throw err;
  }
  const back = relative(await realpath(dir), real);
  if (back === '' || back === '..' || back.startsWith(`..${sep}`) || isAbsolute(back)) {
    throw new ParascopeError(
      'MODEL_INVALID',
      `Model file ${modelLabel(dir, rel)} links outside the model folder; reinstall Parascope or choose another model.`,
    );
  }
  return full;
}

export async function readManifest(dir: string): Promise<Manifest | null> {
  let raw: string;
  try {
    raw = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let m: Manifest;
  try {
    m = JSON.parse(raw) as Manifest;
    if (typeof m.files !== 'object' || m.files === null) throw new Error('no files');
  } catch {
    throw new ParascopeError('MODEL_INVALID', `The manifest of model ${basename(dir)} is damaged; reinstall Parascope.`);
  }
  for (const rel of [...Object.keys(m.files), ...Object.values(m.variants ?? {})]) {
    const why = outsideReason(rel);
    if (why) throw outside(dir, why);
  }
  return m;
}

/**
 * Checks the given files of a model folder against its manifest. A folder without a manifest
 * (a user's own export) is accepted as is; its files must still exist and stay inside it.
 */
export async function verifyModelFiles(dir: string, manifest: Manifest | null, files: string[]): Promise<void> {
  for (const rel of files) {
    const full = await modelFilePath(dir, rel);
    const label = modelLabel(dir, rel);
    let size: number;
    try {
      size = (await stat(full)).size;
    } catch {
      throw new ParascopeError('MODEL_INVALID', `Model file ${label} is missing; reinstall Parascope or choose another model.`);
    }
    if (!manifest) continue;
    const expected = Object.hasOwn(manifest.files, rel) ? manifest.files[rel] : undefined;
    if (!expected) {
      throw new ParascopeError('MODEL_INVALID', `Model file ${label} is not listed in the model's manifest.json.`);
    }
    if (size !== expected.size) {
      throw new ParascopeError(
        'MODEL_INVALID',
        `Model file ${label} is ${size} bytes, expected ${expected.size} (truncated or replaced); reinstall Parascope.`,
      );
    }
    if ((await sha256File(full)) !== expected.sha256) {
      throw new ParascopeError(
        'MODEL_INVALID',
        `Model file ${label} does not match its sha256 in manifest.json (altered); reinstall Parascope.`,
      );
    }
  }
}
