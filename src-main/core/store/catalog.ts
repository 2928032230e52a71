// What has been indexed: the added folders and every file's state (hash, mtime, chunks, reason).
// A file is recorded once, by its path, however many added folders cover it: folders are views of one set of
// files, so removing a folder forgets only the files no other folder covers, and the counts always agree.
// Kept next to the LanceDB table and written after each commit, so after a crash it may lag the table by one
// batch; `check` (check.ts) finds and repairs any difference.
import { join, sep } from 'node:path';
import type { FileState, FileStatus, FolderInfo } from '../../common/types.js';
import { readJsonFile, writeJsonAtomic } from './json-file.js';

export interface FileRecord {
  hash: string;
  size: number;
  mtime: number;
  state: FileState;
  chunks: number;
  reason?: string;
  /** How the file was read, when it is worth saying ("read by OCR (3 pages)"). */
  note?: string;
}

export interface IndexIdentity {
  embeddingModel: string;
  dim: number;
  chunkerVersion: string;
}

interface FolderRecord {
  addedAt: string;
  lastIndexedAt: string | null;
  /** Set while a run over this folder has not finished (cancelled, or the process died): shown with Resume. */
  partial?: boolean;
}

interface CatalogData {
  version: 2;
  identity: IndexIdentity | null;
  folders: Record<string, FolderRecord>;
  files: Record<string, FileRecord>;
}

/** Version 1 kept a file list per folder, so a file under two folders had two records and one set of rows. */
interface CatalogV1 {
  version: 1;
  identity: IndexIdentity | null;
  folders: Record<string, { addedAt: string; lastIndexedAt: string | null; files: Record<string, FileRecord> }>;
}

/** True when `path` is `root` or lies under it (plain string logic: callers pass resolved paths). */
export function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

const LIVE: ReadonlySet<FileState> = new Set(['indexed', 'unchanged']);

export function isLive(rec: FileRecord | undefined): rec is FileRecord {
  return !!rec && LIVE.has(rec.state);
}

function migrate(v1: CatalogV1): CatalogData {
  const files: Record<string, FileRecord> = {};
  const roots = Object.keys(v1.folders).sort();
  const folders: Record<string, FolderRecord> = {};
  for (const root of roots) {
    const f = v1.folders[root]!;
    // a nested folder is absorbed by the folder above it
    if (!roots.some((r) => r !== root && isInside(root, r)))
      folders[root] = { addedAt: f.addedAt, lastIndexedAt: f.lastIndexedAt };
    for (const [path, rec] of Object.entries(f.files)) {
      const have = files[path];
      if (!have || (!isLive(have) && isLive(rec)) || (isLive(rec) && rec.mtime > have.mtime)) files[path] = rec;
    }
  }
  return { version: 2, identity: v1.identity, folders, files };
}

export class Catalog {
  private constructor(
    private readonly path: string,
    private data: CatalogData,
    /** True when the file on disk was of an older version (the caller should check the table against it). */
    readonly migrated: boolean,
  ) {}

  static async load(dataDir: string, log: (line: string) => void = () => {}): Promise<Catalog> {
    const path = join(dataDir, 'catalog.json');
    const raw = await readJsonFile<CatalogData | CatalogV1>(path, log);
    if (raw?.version === 1) return new Catalog(path, migrate(raw), true);
    return new Catalog(path, raw ?? { version: 2, identity: null, folders: {}, files: {} }, false);
  }

  get identity(): IndexIdentity | null {
    return this.data.identity;
  }

  set identity(id: IndexIdentity | null) {
    this.data.identity = id;
  }

  roots(): string[] {
    return Object.keys(this.data.folders).sort();
  }

  hasRoot(root: string): boolean {
    return root in this.data.folders;
  }

  addRoot(root: string): void {
    this.data.folders[root] ??= { addedAt: new Date().toISOString(), lastIndexedAt: null };
  }

  removeRoot(root: string): void {
    delete this.data.folders[root];
  }

  /** The added folder that covers `path` (the outermost one, should folders ever nest), or null. */
  coveringRoot(path: string): string | null {
    return this.roots().find((r) => isInside(path, r)) ?? null;
  }

  /** Whether a folder other than `except` covers `path`. */
  coveredByOther(path: string, except: string): boolean {
    return this.roots().some((r) => r !== except && isInside(path, r));
  }

  setPartial(root: string, partial: boolean): void {
    const f = this.data.folders[root];
    if (!f) return;
    if (partial) f.partial = true;
    else delete f.partial;
  }

  markIndexed(root: string): void {
    const f = this.data.folders[root];
    if (!f) return;
    f.lastIndexedAt = new Date().toISOString();
    delete f.partial;
  }

  file(path: string): FileRecord | undefined {
    return this.data.files[path];
  }

  /** Every file record under `root`. */
  filesUnder(root: string): Record<string, FileRecord> {
    const out: Record<string, FileRecord> = {};
    for (const [p, r] of Object.entries(this.data.files)) if (isInside(p, root)) out[p] = r;
    return out;
  }

  allFiles(): [string, FileRecord][] {
    return Object.entries(this.data.files);
  }

  setFile(path: string, rec: FileRecord): void {
    this.data.files[path] = rec;
  }

  deleteFile(path: string): void {
    delete this.data.files[path];
  }

  /** Clears every file record (used when the index is rebuilt for a new model). */
  clearFiles(): void {
    this.data.files = {};
  }

  folderInfo(root: string): FolderInfo {
    const f = this.data.folders[root];
    const recs = Object.values(this.filesUnder(root));
    return {
      path: root,
      files: recs.filter(isLive).length,
      chunks: recs.reduce((s, r) => s + r.chunks, 0),
      failed: recs.filter((r) => r.state === 'failed').length,
      skipped: recs.filter((r) => r.state === 'skipped').length,
      lastIndexedAt: f?.lastIndexedAt ?? null,
      partial: f?.partial === true,
    };
  }

  /** Sum of every record's chunks: what the table must hold. */
  totalChunks(): number {
    return Object.values(this.data.files).reduce((s, r) => s + r.chunks, 0);
  }

  fileStatuses(root: string): FileStatus[] {
    return Object.entries(this.filesUnder(root))
      .map(([path, r]) => ({
        path,
        root,
        state: r.state,
        chunks: r.chunks,
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.note ? { note: r.note } : {}),
      }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  problems(): FileStatus[] {
    return this.roots().flatMap((root) => this.fileStatuses(root).filter((s) => s.state === 'failed' || s.state === 'skipped'));
  }

  async save(): Promise<void> {
    await writeJsonAtomic(this.path, this.data);
  }
}
