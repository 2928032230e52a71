// A bundled model folder carries manifest.json: the sha256 and size of every file. Files are checked
// before they are loaded, so a missing, truncated or altered file is named in a clear error, not a crash
// deep inside onnxruntime.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
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

export async function readManifest(dir: string): Promise<Manifest | null> {
  let raw: string;
  try {
    raw = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const m = JSON.parse(raw) as Manifest;
    if (typeof m.files !== 'object' || m.files === null) throw new Error('no files');
    return m;
  } catch {
    throw new ParascopeError('MODEL_INVALID', `Model manifest ${join(dir, 'manifest.json')} is damaged; reinstall Parascope.`);
  }
}

/**
 * Checks the given files of a model folder against its manifest. A folder without a manifest
 * (a user's own export) is accepted as is; its files must still exist.
 */
export async function verifyModelFiles(dir: string, manifest: Manifest | null, files: string[]): Promise<void> {
  for (const rel of files) {
    const full = join(dir, rel);
    let size: number;
    try {
      size = (await stat(full)).size;
    } catch {
      throw new ParascopeError('MODEL_INVALID', `Model file ${full} is missing; reinstall Parascope or choose another model.`);
    }
    const expected = manifest?.files[rel];
    if (!manifest) continue;
    if (!expected) {
      throw new ParascopeError('MODEL_INVALID', `Model file ${full} is not listed in the model's manifest.json.`);
    }
    if (size !== expected.size) {
      throw new ParascopeError(
        'MODEL_INVALID',
        `Model file ${full} is ${size} bytes, expected ${expected.size} (truncated or replaced); reinstall Parascope.`,
      );
    }
    if ((await sha256File(full)) !== expected.sha256) {
      throw new ParascopeError('MODEL_INVALID', `Model file ${full} does not match its sha256 in manifest.json (altered); reinstall Parascope.`);
    }
  }
}
