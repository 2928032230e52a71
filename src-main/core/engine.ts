// The engine: the one place where core parts are wired together (constructor injection, no globals).
// The CLI, the HTTP bridge and the Electron utility process all drive this class.
import { mkdir, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { ParascopeError } from '../common/errors.js';
import type { Events, EventName, Request, Response } from '../common/contract.js';
import type { IndexSummary, Settings, StatusInfo } from '../common/types.js';
import type { Embedder } from './embed/embedder.js';
import type { EngineLike } from './engine-api.js';
import { identityChange, modelMismatch } from './index-identity.js';
import { IndexingService } from './indexing-service.js';
import { acquireIndexLock } from './lock.js';
import { configuredProviders, type Provider } from './models/ort.js';
import { chunkerSpec, createPreparer, type Preparer } from './prepare.js';
import { ModelHub } from './model-hub.js';
import type { Reranker } from './rerank/reranker.js';
import { SEARCH_DEFAULTS, SearchService } from './search/search-service.js';
import { loadSettings, saveSettings } from './settings.js';
import { Catalog, type IndexIdentity } from './store/catalog.js';
import { LanceStore } from './store/lance-store.js';
import { FolderWatcher } from './watcher.js';

export interface EngineOptions {
  dataDir: string;
  modelsDir: string;
  providers?: Provider[];
  log?: (line: string) => void;
  /** Watch added folders and re-index changes in the background (app and serve; not the CLI). */
  watch?: boolean;
}

type Listener = (payload: never) => void;

export class Engine implements EngineLike {
  private readonly models: ModelHub;
  private storeP: Promise<LanceStore> | null = null;
  private preparer: Preparer | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private abort: AbortController | null = null;
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private watcher: FolderWatcher | null = null;

  private constructor(
    private readonly opts: EngineOptions,
    private settings: Settings,
    private catalog: Catalog,
  ) {
    this.models = new ModelHub(opts.modelsDir, opts.providers ?? configuredProviders(), this.log, settings);
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    await mkdir(opts.dataDir, { recursive: true });
    const log = opts.log ?? (() => {});
    const engine = new Engine(opts, await loadSettings(opts.dataDir, log), await Catalog.load(opts.dataDir, log));
    if (opts.watch) {
      engine.watcher = new FolderWatcher((root) => void engine.reindexInBackground(root), log);
      for (const root of engine.catalog.roots()) engine.watcher.add(root);
    }
    return engine;
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
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener);
  }

  private emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (p: Events[E]) => void)(payload);
  }

  embedder(): Promise<Embedder> {
    return this.models.embedder();
  }

  reranker(): Promise<Reranker> {
    return this.models.reranker();
  }

  private async store(): Promise<LanceStore> {
    this.storeP ??= (async () => {
      const dim = this.catalog.identity?.dim ?? (await this.embedder()).dim;
      return LanceStore.open(join(this.opts.dataDir, 'lancedb'), dim);
    })();
    return this.storeP;
  }

  private async identity(): Promise<IndexIdentity> {
    const e = await this.embedder();
    return { embeddingModel: e.modelId, dim: e.dim, chunkerVersion: chunkerSpec().version };
  }

  private async checkIdentity(rebuild: boolean): Promise<void> {
    const want = await this.identity();
    const have = this.catalog.identity;
    const change = identityChange(have, want);
    if (change === 'model' && !rebuild) throw modelMismatch(have!, want);
    if (change !== 'none') {
      const store = await this.store();
      for (const root of this.catalog.roots()) await store.deleteRoot(root);
      this.catalog.clearFiles();
    }
    this.catalog.identity = want;
  }

  /** Index runs are serialized in this process; the lock serializes them across processes. */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.running.then(work, work);
    this.running = run.catch(() => undefined);
    return run;
  }

  async index(paths: string[], opts: { rebuild?: boolean; onProgress?: (p: Events['progress']) => void } = {}): Promise<IndexSummary> {
    return this.serialize(async () => {
      const lock = await acquireIndexLock(this.opts.dataDir);
      this.abort = new AbortController();
      try {
        await this.refreshCatalog();
        const embedder = await this.embedder();
        await this.checkIdentity(opts.rebuild ?? false);
        this.preparer ??= await createPreparer(this.opts.modelsDir, this.settings.embeddingModel, embedder);
        const service = new IndexingService(await this.store(), this.catalog, embedder, this.preparer.prepare, this.log);
        const summary = await service.index(paths, {
          excludes: this.settings.excludes,
          maxFileBytes: this.settings.maxFileMB * 1024 * 1024,
          signal: this.abort.signal,
          onProgress: (p) => {
            opts.onProgress?.(p);
            this.emit('progress', p);
          },
        });
        for (const root of summary.roots) {
          this.watcher?.add(root);
          this.emit('library', { reason: 'indexed', root });
        }
        return summary;
      } finally {
        this.abort = null;
        await lock.release();
      }
    });
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

  reindex(req: Request<'reindex'>): Promise<Response<'reindex'>> {
    return this.index([req.path]);
  }

  async removeFolder(req: Request<'removeFolder'>): Promise<Response<'removeFolder'>> {
    const root = resolve(req.path);
    return this.serialize(async () => {
      const lock = await acquireIndexLock(this.opts.dataDir);
      try {
        await this.refreshCatalog();
        if (!this.catalog.hasRoot(root)) {
          throw new ParascopeError('NOT_FOUND', `${root} is not in the library; see the folder list (parascope status).`);
        }
        const removed = this.catalog.identity ? await (await this.store()).deleteRoot(root) : 0;
        this.catalog.removeRoot(root);
        await this.catalog.save();
        this.watcher?.remove(root);
        this.emit('library', { reason: 'removed', root });
        return { removed };
      } finally {
        await lock.release();
      }
    });
  }

  async cancelIndex(): Promise<Response<'cancelIndex'>> {
    if (!this.abort) return { cancelled: false };
    this.abort.abort();
    return { cancelled: true };
  }

  async status(): Promise<StatusInfo> {
    await this.refreshCatalog();
    const folders = this.catalog.roots().map((r) => this.catalog.folderInfo(r));
    const embedder = await this.embedder();
    return {
      dataDir: this.opts.dataDir,
      folders,
      files: folders.reduce((s, f) => s + f.files, 0),
      chunks: this.catalog.identity ? await (await this.store()).count() : 0,
      device: embedder.device,
      embeddingModel: embedder.modelId,
      rerankerModel: this.settings.rerankerModel,
      problems: this.catalog.problems(),
      indexing: this.abort !== null,
    };
  }

  async files(req: Request<'files'>): Promise<Response<'files'>> {
    return this.catalog.fileStatuses(resolve(req.root));
  }

  async ask(req: Request<'ask'>): Promise<Response<'ask'>> {
    await this.refreshCatalog();
    if (!this.catalog.identity) {
      throw new ParascopeError('NO_INDEX', 'Nothing is indexed yet; add a folder first (parascope index <folder>).');
    }
    const have = this.catalog.identity;
    const want = await this.identity();
    if (identityChange(have, want) === 'model') throw modelMismatch(have, want);
    const search = new SearchService(
      await this.store(),
      () => this.embedder(),
      () => this.reranker(),
      () => ({
        ...SEARCH_DEFAULTS,
        candidates: this.settings.candidates,
        mode: this.settings.mode,
        rerank: this.settings.rerank,
      }),
    );
    const { question, ...options } = req;
    return search.ask(question, options);
  }

  async getSettings(): Promise<Settings> {
    return { ...this.settings };
  }

  async setSettings(req: Request<'setSettings'>): Promise<Settings> {
    const next = { ...this.settings, ...req };
    if (this.models.choose(next)) {
      // another embedding model: new parsers (its tokenizer) and a store opened with its dimension
      void this.preparer?.close();
      this.preparer = null;
      const store = this.storeP;
      this.storeP = null;
      void store?.then((st) => st.close()).catch(() => undefined);
    }
    this.settings = next;
    await saveSettings(this.opts.dataDir, next);
    return { ...next };
  }

  async resolveUserPath(path: string): Promise<string> {
    const real = await realpath(resolve(path)).catch(() => {
      throw new ParascopeError('NOT_FOUND', `${path} no longer exists.`);
    });
    for (const root of this.catalog.roots()) {
      const realRoot = await realpath(root).catch(() => root);
      if (real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return real;
    }
    throw new ParascopeError('FORBIDDEN', `${path} is not inside a folder you added.`);
  }

  async close(): Promise<void> {
    this.abort?.abort();
    await this.running;
    this.watcher?.close();
    await this.preparer?.close();
    await this.models.dispose();
    await (await this.storeP?.catch(() => null))?.close();
  }
}
