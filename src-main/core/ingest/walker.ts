// Walks the added folders: sorted, deterministic, never leaves a root through a link, never loops, and names
// every file by one path (links inside the folder are not followed: their targets are walked where they are).
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { compileExcludes } from './glob.js';
import { isSupportedPath, typeLabel } from './formats.js';

export type WalkEntry =
  | { kind: 'file'; path: string; root: string; size: number; mtimeMs: number }
  | { kind: 'skipped'; path: string; root: string; reason: string };

export interface WalkOptions {
  excludes?: string[];
  maxFileBytes?: number;
  signal?: AbortSignal;
}

/** Names never walked: hidden entries (dot-names, which covers .git) and dependency folders. */
const IGNORED_NAMES = new Set(['node_modules', '__pycache__']);

export function sizeLimitReason(maxFileBytes: number): string {
  const mb = maxFileBytes / (1024 * 1024);
  if (mb < 1) return `over the size limit (${Math.max(1, Math.round(maxFileBytes / 1024))} KB)`;
  return `over the size limit (${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB)`;
}

export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'disappeared while indexing';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return err instanceof Error ? err.message : String(err);
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function* walk(roots: string[], opts: WalkOptions = {}): AsyncGenerator<WalkEntry> {
  const isExcluded = compileExcludes(opts.excludes ?? []);
  const maxBytes = opts.maxFileBytes ?? Infinity;

  for (const rootArg of [...new Set(roots.map((r) => resolve(r)))].sort(byName)) {
    opts.signal?.throwIfAborted();
    const root = rootArg;
    let rootReal: string;
    let rootStat: Stats;
    try {
      rootReal = await realpath(root);
      rootStat = await stat(rootReal);
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      yield { kind: 'skipped', path: root, root, reason: missing ? 'folder not found' : fsReason(err) };
      continue;
    }
    if (!rootStat.isDirectory()) {
      yield fileEntry(root, root, rootStat, maxBytes);
      continue;
    }

    const visited = new Set<string>([rootReal]);
    // Depth-first with an explicit stack; children are pushed in reverse so they pop in sorted order.
    const stack: string[] = [root];
    while (stack.length > 0) {
      opts.signal?.throwIfAborted();
      const dir = stack.pop() as string;
      let names: string[];
      try {
        names = (await readdir(dir)).sort(byName);
      } catch (err) {
        yield { kind: 'skipped', path: dir, root, reason: fsReason(err) };
        continue;
      }
      const subdirs: string[] = [];
      for (const name of names) {
        if (name.startsWith('.') || IGNORED_NAMES.has(name)) continue;
        const path = join(dir, name);
        const rel = relative(root, path).split(sep).join('/');
        let st: Stats;
        try {
          st = await lstat(path);
          if (st.isSymbolicLink()) {
            const real = await realpath(path).catch((err: NodeJS.ErrnoException) => {
              if (err.code === 'ENOENT') return null; // the link is there, what it names is not
              throw err;
            });
            if (real === null) {
              yield { kind: 'skipped', path, root, reason: 'broken link (what it points to is missing)' };
              continue;
            }
            if (!isInside(real, rootReal)) {
              yield { kind: 'skipped', path, root, reason: 'link points outside the folder' };
              continue;
            }
            // a link to something inside the folder: the walk reaches it at its real path, where it is
            // indexed once (a second path would give the same file a second set of passages)
            continue;
          }
        } catch (err) {
          yield { kind: 'skipped', path, root, reason: fsReason(err) };
          continue;
        }
        if (st.isDirectory()) {
          if (isExcluded(rel, true)) continue;
          try {
            const real = await realpath(path);
            if (visited.has(real)) continue;
            visited.add(real);
          } catch (err) {
            yield { kind: 'skipped', path, root, reason: fsReason(err) };
            continue;
          }
          subdirs.push(path);
        } else if (st.isFile()) {
          if (isExcluded(rel, false)) continue;
          yield fileEntry(path, root, st, maxBytes);
        }
        // Sockets, FIFOs, devices: not documents, and opening a FIFO would block.
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as string);
    }
  }
}

function fileEntry(path: string, root: string, st: Stats, maxBytes: number): WalkEntry {
  if (!isSupportedPath(path)) {
    return { kind: 'skipped', path, root, reason: `unsupported file type (${typeLabel(path)})` };
  }
  if (st.size > maxBytes) return { kind: 'skipped', path, root, reason: sizeLimitReason(maxBytes) };
  return { kind: 'file', path, root, size: st.size, mtimeMs: st.mtimeMs };
}
