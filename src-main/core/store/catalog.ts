// What has been indexed: the added folders and every file's state (hash, mtime, chunks, reason).
// Kept next to the LanceDB table; it is written after each commit, so after a crash it may lag the
// table by one batch, which the next run repairs by re-indexing those files (ids are deterministic).
import { join } from 'node:path';
import type { FileState, FileStatus, FolderInfo } from '../../common/types.js';
import { readJsonFile, writeJsonAtomic } from './json-file.js';

export interface FileRecord {
  hash: string;
  size: number;
  mtime: number;
  state: FileState;
  chunks: number;
  reason?: string;
}

export interface IndexIdentity {
  embeddingModel: string;
  dim: number;
  chunkerVersion: string;
}

interface CatalogData {
  version: 1;
  identity: IndexIdentity | null;
  folders: Record<string, { addedAt: string; lastIndexedAt: string | null; files: Record<string, FileRecord> }>;
}

export class Catalog {
  private constructor(
    private readonly path: string,
    private data: CatalogData,
  ) {}

  static async load(dataDir: string, log: (line: string) => void = () => {}): Promise<Catalog> {
    const path = join(dataDir, 'catalog.json');
    const data = (await readJsonFile<CatalogData>(path, log)) ?? { version: 1, identity: null, folders: {} };
    return new Catalog(path, data);
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
    this.data.folders[root] ??= { addedAt: new Date().toISOString(), lastIndexedAt: null, files: {} };
  }

  removeRoot(root: string): void {
    delete this.data.folders[root];
  }

  markIndexed(root: string): void {
    const f = this.data.folders[root];
    if (f) f.lastIndexedAt = new Date().toISOString();
  }

  files(root: string): Record<string, FileRecord> {
    return this.data.folders[root]?.files ?? {};
  }

  setFile(root: string, path: string, rec: FileRecord): void {
    this.addRoot(root);
    this.data.folders[root]!.files[path] = rec;
  }

  deleteFile(root: string, path: string): void {
    delete this.data.folders[root]?.files[path];
  }

  /** Clears every file record (used when the index is rebuilt for a new model). */
  clearFiles(): void {
    for (const f of Object.values(this.data.folders)) f.files = {};
  }

  folderInfo(root: string): FolderInfo {
    const f = this.data.folders[root];
    const recs = Object.values(f?.files ?? {});
    return {
      path: root,
      files: recs.filter((r) => r.state === 'indexed' || r.state === 'unchanged').length,
      chunks: recs.reduce((s, r) => s + r.chunks, 0),
      failed: recs.filter((r) => r.state === 'failed').length,
      skipped: recs.filter((r) => r.state === 'skipped').length,
      lastIndexedAt: f?.lastIndexedAt ?? null,
    };
  }

  fileStatuses(root: string): FileStatus[] {
    return Object.entries(this.files(root))
      .map(([path, r]) => ({ path, root, state: r.state, chunks: r.chunks, ...(r.reason ? { reason: r.reason } : {}) }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  problems(): FileStatus[] {
    return this.roots().flatMap((root) =>
      this.fileStatuses(root).filter((s) => s.state === 'failed' || s.state === 'skipped'),
    );
  }

  async save(): Promise<void> {
    await writeJsonAtomic(this.path, this.data);
  }
}
