// The library's table and the runs that write it: the LanceDB store (opened once, with the index's dimension), the
// parser pool, the index identity, index runs with their cancel, check-and-repair, and forgetting a folder. The
// engine drives it through the write gate; it reads the engine's current catalog and settings through getters,
// since both are replaced when another process changes them.
import { join } from 'node:path';
import type { CheckReport, IndexProgress, IndexSummary, Settings } from '../common/types.js';
import type { Embedder } from './embed/embedder.js';
import { identityChange, modelMismatch } from './index-identity.js';
import { IndexingService } from './indexing-service.js';
import { chunkerSpec, createPreparer, type Preparer } from './prepare.js';
import { isLive, type Catalog, type IndexIdentity } from './store/catalog.js';
import { faultPoint } from './fault.js';
import { checkAndRepair, reportIsClean } from './store/check.js';
import { LanceStore } from './store/lance-store.js';

export interface IndexerDeps {
  dataDir: string;
  modelsDir: string;
  embedder: () => Promise<Embedder>;
  catalog: () => Catalog;
  settings: () => Settings;
  log: (line: string) => void;
  onProgress: (p: IndexProgress) => void;
}

export class LibraryIndexer {
  private storeP: Promise<LanceStore> | null = null;
  private preparer: Preparer | null = null;
  private abort: AbortController | null = null;

  constructor(private readonly deps: IndexerDeps) {}

  store(): Promise<LanceStore> {
    this.storeP ??= (async () => {
      const dim = this.deps.catalog().identity?.dim ?? (await this.deps.embedder()).dim;
      return LanceStore.open(join(this.deps.dataDir, 'lancedb'), dim);
    })();
    return this.storeP;
  }

  async identity(): Promise<IndexIdentity> {
    const e = await this.deps.embedder();
    return { embeddingModel: e.modelId, dim: e.dim, chunkerVersion: chunkerSpec().version };
  }

  /**
   * An index built by another chunker is re-chunked; one of another model only with `rebuild`. A rebuild with the
   * same model starts the folders being indexed over (their files are embedded again); the others are kept.
   */
  private async checkIdentity(rebuild: boolean, roots: string[]): Promise<void> {
    const catalog = this.deps.catalog();
    const want = await this.identity();
    const have = catalog.identity;
    const change = identityChange(have, want);
    // an empty library (every folder removed) takes the new model without asking
    if (change === 'model' && !rebuild && catalog.roots().length) throw modelMismatch(have!, want);
    if (change !== 'none') {
      await (await this.store()).clear();
      catalog.clearFiles();
    } else if (rebuild) {
      const paths = roots.flatMap((r) => Object.keys(catalog.filesUnder(r)));
      await (await this.store()).deletePaths(paths);
      for (const p of paths) catalog.deleteFile(p);
    }
    catalog.identity = want;
  }

  get running(): boolean {
    return this.abort !== null;
  }

  cancel(): boolean {
    this.abort?.abort();
    return this.abort !== null;
  }

  /** Index runs; call only through the write gate. */
  async run(roots: string[], rebuild: boolean, onProgress?: (p: IndexProgress) => void): Promise<IndexSummary> {
    this.abort = new AbortController();
    try {
      const embedder = await this.deps.embedder();
      await this.checkIdentity(rebuild, roots);
      const settings = this.deps.settings();
      this.preparer ??= await createPreparer(this.deps.modelsDir, settings.embeddingModel, embedder);
      const preparer = this.preparer;
      const prepare = (path: string): ReturnType<typeof preparer.prepare> => preparer.prepare(path, { ocr: settings.ocr });
      const service = new IndexingService(await this.store(), this.deps.catalog(), embedder, prepare, this.deps.log);
      return await service.index(roots, {
        excludes: settings.excludes,
        maxFileBytes: settings.maxFileMB * 1024 * 1024,
        signal: this.abort.signal,
        onProgress: (p) => {
          onProgress?.(p);
          this.deps.onProgress(p);
        },
      });
    } finally {
      this.abort = null;
    }
  }

  /** Check and repair: the table against the catalog; files with wrong rows are indexed again at once. */
  async repair(purge: boolean): Promise<CheckReport> {
    const store = await this.store();
    const catalog = this.deps.catalog();
    const { report, redo } = await checkAndRepair(store, catalog);
    const roots = [...new Set(redo.map((p) => catalog.coveringRoot(p)).filter((r): r is string => r !== null))];
    const again = report.rebuilt ? catalog.roots() : roots;
    if (again.length) report.reindexed = (await this.run(again, false)).indexed;
    if (purge || !reportIsClean(report)) await store.purge();
    return report;
  }

  /**
   * Forgets an added folder: its files that no other added folder covers, then the folder. The catalog goes first:
   * a crash after it is saved leaves rows no record accounts for, which the check deletes, so an interrupted remove
   * completes instead of half-happening. Call only through the write gate.
   */
  async forget(root: string): Promise<{ removed: number; files: number }> {
    const catalog = this.deps.catalog();
    const gone = Object.entries(catalog.filesUnder(root)).filter(([p]) => !catalog.coveredByOther(p, root));
    for (const [p] of gone) catalog.deleteFile(p);
    catalog.removeRoot(root);
    await catalog.save();
    faultPoint('remove:catalog-saved');
    if (catalog.identity) {
      const store = await this.store();
      await store.deletePaths(gone.map(([p]) => p));
      faultPoint('remove:rows-deleted');
      await store.purge();
    }
    return { removed: gone.reduce((s, [, r]) => s + r.chunks, 0), files: gone.filter(([, r]) => isLive(r)).length };
  }

  /** Another embedding model: new parsers (its tokenizer) and a store opened with its dimension. */
  async reset(): Promise<void> {
    const preparer = this.preparer;
    const store = this.storeP;
    this.preparer = null;
    this.storeP = null;
    await preparer?.close();
    await (await store?.catch(() => null))?.close();
  }

  async close(): Promise<void> {
    this.abort?.abort();
    await this.preparer?.close();
    await (await this.storeP?.catch(() => null))?.close();
  }
}
