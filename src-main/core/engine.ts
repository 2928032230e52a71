// The engine: the one place where core parts are wired together (constructor injection, no globals).
// The CLI, the HTTP bridge and the Electron utility process all drive this class.
import { resolve } from 'node:path';
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
import { configuredProviders, threadCount, type Log, type Provider } from './models/ort.js';
import { parseWorkerCount } from './prepare.js';
import { ModelHub } from './model-hub.js';
import type { Reranker } from './rerank/reranker.js';
import { askLibrary, type LibraryQuestionDeps } from './search/library-search.js';
import { checkSettingsChange, loadSettings, saveSettings } from './settings.js';
import { Catalog } from './store/catalog.js';
import { unfinished } from './store/journal.js';
import { makePrivateDir } from './store/private.js';
import { FolderWatcher } from './watcher.js';
import { Emitter } from './emitter.js';
import { IndexRebuild } from './index-rebuild.js';
import { LiveLibrary, type LiveLibraryDeps } from './live-library.js';
import { readShadow } from './store/shadow.js';

export interface EngineOptions {
  dataDir: string;
  modelsDir: string;
  providers?: Provider[];
  log?: Log;
  /** Watch added folders and re-index changes in the background (app and serve; not the CLI). */
  watch?: boolean;
  /** The models free their runtime memory after this long unused (app and serve; the CLI: never). */
  releaseModelsAfterMs?: number;
}

export class Engine implements EngineLike {
  private readonly models: ModelHub;
  private readonly indexer: LibraryIndexer;
  private readonly events = new Emitter<Events>();
  private watcher: FolderWatcher | null = null;
  private readonly rebuilder: IndexRebuild;
  private readonly live: LiveLibrary;
  private readonly previews = new PreviewService(() => this.indexer.store());
  /** What a question reads: the library as it is now, the models, the settings. */
  private readonly library: LibraryQuestionDeps = {
    catalog: () => this.live.catalog,
    identity: () => this.indexer.identity(),
    store: () => this.indexer.store(),
    embedder: () => this.embedder(),
    reranker: () => this.reranker(),
    settings: () => this.settings,
  };

  private constructor(
    private readonly opts: EngineOptions,
    private settings: Settings,
    live: (deps: LiveLibraryDeps) => LiveLibrary,
  ) {
    const providers = opts.providers ?? configuredProviders();
    this.models = new ModelHub(opts.modelsDir, providers, this.log, settings, opts.releaseModelsAfterMs);
    const { dataDir, modelsDir } = opts;
    this.rebuilder = new IndexRebuild({
      dataDir,
      modelsDir,
      providers,
      models: this.models,
      log: this.log,
      onProgress: (p) => this.emit('progress', p),
    });
    this.indexer = new LibraryIndexer({
      dataDir: opts.dataDir,
      modelsDir: opts.modelsDir,
      embedder: () => this.embedder(),
      catalog: () => this.live.catalog,
      settings: () => this.settings,
      log: this.log,
      onProgress: (p) => this.emit('progress', p),
    });
    this.live = live({
      dataDir,
      log: this.log,
      repair: (purge) => this.indexer.repair(purge),
      release: () => this.indexer.reset(),
      swapped: (target) => {
        this.settings = { ...this.settings, embeddingModel: target.embeddingModel };
        this.models.choose(this.settings);
        this.log(`the index was rebuilt with ${target.embeddingModel}`);
        this.emit('library', { reason: 'rebuilt', root: '' });
      },
    });
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    await makePrivateDir(opts.dataDir);
    const log = opts.log ?? (() => {});
    const catalog = await Catalog.load(opts.dataDir, log);
    const engine = new Engine(opts, await loadSettings(opts.dataDir, log), (deps) => new LiveLibrary(deps, catalog));
    if (opts.watch) {
      engine.watcher = new FolderWatcher((root) => void engine.reindexInBackground(root), log);
      for (const root of engine.live.catalog.roots()) engine.watcher.add(root);
      // the long-running faces (app, serve) repair after an unclean shutdown at start-up, not at the next write
      void engine.repairAtStart();
    }
    return engine;
  }

  /** A write left unfinished, an older catalog, or a rebuild to finish (swap) or resume, at start-up. */
  private async repairAtStart(): Promise<void> {
    const shadow = await readShadow(this.opts.dataDir);
    try {
      if (shadow || (await unfinished(this.opts.dataDir)) || this.live.catalog.migrated)
        await this.live.write('check', async () => undefined);
      if (shadow && !shadow.complete) await this.rebuildIndex({ embeddingModel: shadow.target.embeddingModel });
    } catch (err) {
      this.log(`start-up check failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private get log(): Log {
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

  async index(
    paths: string[],
    opts: { rebuild?: boolean; onProgress?: (p: Events['progress']) => void; check?: boolean } = {},
  ): Promise<IndexSummary> {
    const folders = await Promise.all(paths.map((p) => realFolder(p)));
    return this.live.write(
      'index',
      async (repaired) => {
        const plan = planFolders(folders, this.live.catalog.roots());
        for (const { path } of plan.absorbed) {
          this.live.catalog.removeRoot(path);
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
    return this.live.write('check', async (repaired) => repaired!, true);
  }

  async removeFolder(req: Request<'removeFolder'>): Promise<Response<'removeFolder'>> {
    await this.live.refresh();
    const root = await addedRoot(this.live.catalog, req.path);
    return this.live.write('remove', async () => {
      if (!this.live.catalog.hasRoot(root)) throw new ParascopeError('NOT_FOUND', `${req.path} is not a folder in the library.`);
      const removed = await this.indexer.forget(root);
      this.watcher?.remove(root);
      this.emit('library', { reason: 'removed', root });
      return removed;
    });
  }

  async cancelIndex(): Promise<Response<'cancelIndex'>> {
    const run = this.indexer.cancel();
    const rebuild = this.rebuilder.cancel();
    return { cancelled: run || rebuild };
  }

  async status(): Promise<StatusInfo> {
    await this.live.beforeRead();
    const folders = this.live.catalog.roots().map((r) => this.live.catalog.folderInfo(r));
    const embedder = await this.embedder();
    return {
      dataDir: this.opts.dataDir,
      folders,
      files: folders.reduce((s, f) => s + f.files, 0),
      chunks: this.live.catalog.identity ? await (await this.indexer.store()).count() : 0,
      device: embedder.device,
      threads: { models: threadCount(), parseWorkers: parseWorkerCount() },
      embeddingModel: embedder.modelId,
      rerankerModel: this.settings.rerankerModel,
      problems: this.live.catalog.problems(),
      indexing: this.indexer.running || this.rebuilder.running !== null,
      rebuilding: this.rebuilder.running,
    };
  }

  async files(req: Request<'files'>): Promise<Response<'files'>> {
    return this.live.catalog.fileStatuses(resolve(req.root));
  }

  async ask(req: Request<'ask'>, signal?: AbortSignal): Promise<Response<'ask'>> {
    await this.live.beforeRead();
    return this.live.read(() => askLibrary(this.library, req, signal));
  }

  async getSettings(): Promise<Settings> {
    return { ...this.settings };
  }

  /** The models Settings can offer. */
  async listModels(): Promise<Response<'listModels'>> {
    return installedModels(this.opts.modelsDir);
  }

  /**
   * Every folder indexed again, with another embedding model when one is named: built beside the live index, which
   * keeps answering, and moved in when complete (Cancel drops it; a crash or quit leaves it to be resumed).
   */
  async rebuildIndex(req: Request<'rebuildIndex'> = {}): Promise<Response<'rebuildIndex'>> {
    await this.live.beforeRead();
    const embeddingModel = req.embeddingModel ?? this.settings.embeddingModel;
    await checkSettingsChange({ embeddingModel }, this.opts.modelsDir);
    return this.live.write('rebuild', async () => {
      const roots = this.live.catalog.roots();
      if (!roots.length) throw new ParascopeError('NO_INDEX', 'There is nothing to rebuild: add a folder first.');
      const summary = await this.rebuilder.build(roots, { ...this.settings, embeddingModel }, this.settings);
      if (!summary.cancelled) await this.live.swapIn();
      return summary;
    });
  }

  async setSettings(req: Request<'setSettings'>): Promise<Settings> {
    await this.live.refresh();
    await checkSettingsChange(req, this.opts.modelsDir, this.live.catalog.roots().length ? this.settings : null);
    const next = { ...this.settings, ...req };
    if (this.models.choose(next)) await this.indexer.reset();
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
    await this.live.beforeRead();
    return indexedDocument(this.live.catalog, path);
  }

  async close(): Promise<void> {
    this.indexer.cancel();
    this.rebuilder.cancel(true); // a rebuild stopped by quitting resumes at the next start
    await this.live.idle();
    this.watcher?.close();
    await this.indexer.close();
    await this.previews.close();
    await this.models.dispose();
  }
}
