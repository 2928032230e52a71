// Paths the window and the CLI name, resolved against the library: folders to add or remove, and the one file
// the window may open. The rules live here so every face applies the same ones.
import { realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { ParascopeError } from '../common/errors.js';
import { expandUserPath } from './paths.js';
import { isInside, isLive, type Catalog } from './store/catalog.js';

/** Throws the user's sentence when `abs` is not an existing folder (`shown` is the path as they typed it). */
export async function assertFolder(abs: string, shown = abs): Promise<void> {
  const st = await stat(abs).catch(() => null);
  if (!st) throw new ParascopeError('NOT_FOUND', `Folder ${shown} does not exist.`);
  if (!st.isDirectory()) throw new ParascopeError('NOT_A_FOLDER', `${shown} is not a folder; add the folder that contains it.`);
}

/** A folder to add, as typed: `~` expanded, relative to the home folder (the CLI passes absolute paths), real. */
export async function realFolder(path: string): Promise<string> {
  const abs = expandUserPath(path, homedir());
  await assertFolder(abs, path);
  return realpath(abs);
}

/** An added folder as the window or the CLI names it: the folder itself, or a path that resolves to it. */
export async function addedRoot(catalog: Catalog, path: string): Promise<string> {
  const abs = expandUserPath(path, homedir());
  if (catalog.hasRoot(abs)) return abs;
  const real = await realpath(abs).catch(() => abs);
  if (catalog.hasRoot(real)) return real;
  throw new ParascopeError('NOT_FOUND', `${path} is not a folder in the library.`);
}

/**
 * A file the window asks to open or show: only an indexed document of the library. Containment is checked on the
 * path as given before the file system is touched, and outside, missing and not-a-document all get one answer.
 */
export async function indexedDocument(catalog: Catalog, path: string): Promise<string> {
  const refused = new ParascopeError('FORBIDDEN', 'That file is not one of the indexed documents in your library.');
  const abs = resolve(path);
  const root = catalog.coveringRoot(abs);
  if (!root || !isLive(catalog.file(abs))) throw refused;
  const real = await realpath(abs).catch(() => null);
  const realRoot = await realpath(root).catch(() => null);
  if (!real || !realRoot || !isInside(real, realRoot)) throw refused;
  return real;
}
