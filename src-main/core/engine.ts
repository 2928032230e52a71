// The engine: the one place where core parts are wired together (constructor injection, no globals).
// The CLI, the HTTP bridge and the Electron utility process all drive this class.
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ParascopeError } from '../common/errors.js';
import type { Events, EventName, Request, Response } from '../common/contract.js';
import type { CheckReport, IndexSummary, Settings, StatusInfo } from '../common/types.js';
import type { Embedder } from './embed/embedder.js';
import type { EngineLike } from '../common/engine-api.js';
import { emptySummary } from './indexing-service.js';
import { LibraryIndexer } from './library-indexer.js';
import { addedRoot, indexedDocument, realFolder } from './library-paths.js';
import { installedModels } from './models/installed.js';
import { PreviewService } from './preview.js';
import { planFolders } from './library-plan.js';
import { configuredProviders, type Provider } from './models/ort.js';
import { ModelHub } from './model-hub.js';
import type { Reranker } from './rerank/reranker.js';
import { askLibrary, type LibraryQuestionDeps } from './search/library-search.js';
import { checkSettingsChange, loadSettings, saveSettings } from './settings.js';
import { Catalog } from './store/catalog.js';
import { describeReport } from './store/check.js';
import { unfinished } from './store/journal.js';
import { makePrivateDir } from './store/private.js';
import { FolderWatcher } from './watcher.js';
import { WriteGate } from './write-gate.js';
import { Emitter } from './emitter.js';

export interface EngineOptions {
  dataDir: string;
  modelsDir: string;
  providers?: Provider[];
  log?: (line: string) => void;
  /** Watch added folders and re-index changes in the background (app and serve; not the CLI). */
  watch?: boolean;
}

export class Engine implements EngineLike {
  private readonly models: ModelHub;
  private readonly indexer: LibraryIndexer;
  private readonly gate: WriteGate;
  private readonly events = new Emitter<Events>();
  private watcher: FolderWatcher | null = null;
  private readonly previews = new PreviewService(() => this.indexer.store());
  /** What a question reads: the library as it is now, the models, the settings. */
  private readonly library: LibraryQuestionDeps = {
    catalog: () => this.catalog,
    identity: () => this.indexer.identity(),
    store: () => this.indexer.store(),
    embedder: () => this.embedder(),
    reranker: () => this.reranker(),
    settings: () => this.settings,
  };

  private constructor(
    private readonly opts: EngineOptions,
    private settings: Settings,
    private catalog: Catalog,
  ) {
    this.models = new ModelHub(opts.modelsDir, opts.providers ?? configuredProviders(), this.log, settings);
    this.gate = new WriteGate(opts.dataDir);
    this.indexer = new LibraryIndexer({
      dataDir: opts.dataDir,
      modelsDir: opts.modelsDir,
      embedder: () => this.embedder(),
      catalog: () => this.catalog,
      settings: () => this.settings,
      log: this.log,
      onProgress: (p) => this.emit('progress', p),
    });
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    await makePrivateDir(opts.dataDir);
    const log = opts.log ?? (() => {});
    const engine = new Engine(opts, await loadSettings(opts.dataDir, log), await Catalog.load(opts.dataDir, log));
    if (opts.watch) {
      engine.watcher = new FolderWatcher((root) => void engine.reindexInBackground(root), log);
      for (const root of engine.catalog.roots()) engine.watcher.add(root);
      // the long-running faces (app, serve) repair after an unclean shutdown at start-up, not at the next write
      void engine.repairAtStart();
    }
    return engine;
  }

  private async repairAtStart(): Promise<void> {
    if (!(await unfinished(this.opts.dataDir)) && !this.catalog.migrated) return;
    try {
      await this.write('check', async () => undefined);
    } catch (err) {
      this.log(`start-up check failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private catalogStamp = '';

  /**
   * Another process (the CLI, the app) may have indexed since: re-read the catalog, but only when its file
   * changed, so a question does not parse a large catalog every time.
   */
  private async refreshCatalog(): Promise<void> {
    const st = await stat(join(this.opts.dataDir, 'catalog.json')).catch(() => null);
    const stamp = st ? `${st.mtimeMs}:${st.size}` : 'none';
    if (stamp === this.catalogStamp) return;
    this.catalog = await Catalog.load(this.opts.dataDir, this.log);
    this.catalogStamp = stamp;
  }

  private get log(): (line: string) => void {
    return this.opts.log ?? (() => {});
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  private emit<E extends EventName>(event: E, payload: Events[E]): void {
    this.events.emit(event, payload);
  }

  embedder(): Promise<Embedder> {
    return this.models.embedder();
  }

  reranker(): Promise<Reranker> {
    return this.models.reranker();
  }

  /**
   * Every change to the library goes through the write gate. A write a dead process left unfinished, a catalog of
   * an older version, or a Re-index is answered first by a check and repair, whose report the work receives.
   */
  private write<T>(op: string, work: (repaired: CheckReport | null) => Promise<T>, alwaysCheck = false): Promise<T> {
    return this.gate.run(op, async (left) => {
      await this.refreshCatalog();
      let repaired: CheckReport | null = null;
      if (left || alwaysCheck || this.catalog.migrated) {
        repaired = await this.indexer.repair(left?.op === 'remove');
        if (left)
          this.log(
            `the last ${left.op} did not finish; checked the library: ${describeReport(repaired).join(' ') || 'nothing to repair'}`,
          );
      }
      return work(repaired);
    });
  }

  async index(
    paths: string[],
    opts: { rebuild?: boolean; onProgress?: (p: Events['progress']) => void; check?: boolean } = {},
  ): Promise<IndexSummary> {
    const folders = await Promise.all(paths.map((p) => realFolder(p)));
    return this.write(
      'index',
      async (repaired) => {
        const plan = planFolders(folders, this.catalog.roots());
        for (const { path } of plan.absorbed) {
          this.catalog.removeRoot(path);
          this.watcher?.remove(path);
        }
        const summary = plan.index.length
          ? await this.indexer.run(plan.index, opts.rebuild ?? false, opts.onProgress)
          : emptySummary((await this.embedder()).device);
        summary.covered = plan.covered;
        summary.absorbed = plan.absorbed;
        if (repaired) summary.repaired = repaired;
        for (const root of summary.roots) {
          this.watcher?.add(root);
          this.emit('library', { reason: 'indexed', root });
        }
        return summary;
      },
      opts.check,
    );
  }

  private async reindexInBackground(root: string): Promise<void> {
    try {
      await this.index([root]);
      this.emit('library', { reason: 'watch', root });
    } catch (err) {
      this.log(`background re-index of ${root} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  addFolders(req: Request<'addFolders'>): Promise<Response<'addFolders'>> {
    return this.index(req.paths);
  }

  /** Re-index checks the library against the table first and repairs what disagrees. */
  reindex(req: Request<'reindex'>): Promise<Response<'reindex'>> {
    return this.index([req.path], { check: true });
  }

  /** `parascope check`: compare and repair (a repair, or an unfinished remove, also purges old versions). */
  check(): Promise<CheckReport> {
    return this.write('check', async (repaired) => repaired!, true);
  }

  async removeFolder(req: Request<'removeFolder'>): Promise<Response<'removeFolder'>> {
    await this.refreshCatalog();
    const root = await addedRoot(this.catalog, req.path);
    return this.write('remove', async () => {
      if (!this.catalog.hasRoot(root)) throw new ParascopeError('NOT_FOUND', `${req.path} is not a folder in the library.`);
      const removed = await this.indexer.forget(root);
      this.watcher?.remove(root);
      this.emit('library', { reason: 'removed', root });
      return removed;
    });
  }

  async cancelIndex(): Promise<Response<'cancelIndex'>> {
    return { cancelled: this.indexer.cancel() };
  }

  async status(): Promise<StatusInfo> {
    await this.refreshCatalog();
    const folders = this.catalog.roots().map((r) => this.catalog.folderInfo(r));
    const embedder = await this.embedder();
    return {
      dataDir: this.opts.dataDir,
      folders,
      files: folders.reduce((s, f) => s + f.files, 0),
      chunks: this.catalog.identity ? await (await this.indexer.store()).count() : 0,
      device: embedder.device,
      embeddingModel: embedder.modelId,
      rerankerModel: this.settings.rerankerModel,
      problems: this.catalog.problems(),
      indexing: this.indexer.running,
    };
  }

  async files(req: Request<'files'>): Promise<Response<'files'>> {
    return this.catalog.fileStatuses(resolve(req.root));
  }

  async ask(req: Request<'ask'>, signal?: AbortSignal): Promise<Response<'ask'>> {
    await this.refreshCatalog();
    return askLibrary(this.library, req, signal);
  }

  async getSettings(): Promise<Settings> {
    return { ...this.settings };
  }

  /** The models Settings can offer. */
  async listModels(): Promise<Response<'listModels'>> {
    return installedModels(this.opts.modelsDir);
  }

  /** Every folder indexed again from scratch: what a change of embedding model asks for. */
  async rebuildIndex(_req: Request<'rebuildIndex'> = {}): Promise<Response<'rebuildIndex'>> {
    await this.refreshCatalog();
    const roots = this.catalog.roots();
    if (!roots.length) throw new ParascopeError('NO_INDEX', 'There is nothing to rebuild: add a folder first.');
    return this.index(roots, { rebuild: true });
  }

  async setSettings(req: Request<'setSettings'>): Promise<Settings> {
    await checkSettingsChange(req, this.opts.modelsDir);
    const next = { ...this.settings, ...req };
    if (this.models.choose(next)) this.indexer.reset();
    this.settings = next;
    await saveSettings(this.opts.dataDir, next);
    return { ...next };
  }

  /** A passage in its context: the file must be an indexed document of the library. */
  async preview(req: Request<'preview'>): Promise<Response<'preview'>> {
    const path = await this.resolveUserPath(req.path);
    return this.previews.preview({ path, ...(req.start === undefined ? {} : { start: req.start }) });
  }

  /** A file the window asks to open: an indexed document of the library as it is now (re-read from disk). */
  async resolveUserPath(path: string): Promise<string> {
    await this.refreshCatalog();
    return indexedDocument(this.catalog, path);
  }

  async close(): Promise<void> {
    this.indexer.cancel();
    await this.gate.idle();
    this.watcher?.close();
    await this.indexer.close();
    await this.previews.close();
    await this.models.dispose();
  }
}
