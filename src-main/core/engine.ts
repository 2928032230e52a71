// The engine: the one place where core parts are wired together (constructor injection, no globals).
// The CLI, the HTTP bridge and the Electron utility process all drive this class.
import { realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ParascopeError } from '../common/errors.js';
import type { Events, EventName, Request, Response } from '../common/contract.js';
import type { CheckReport, IndexSummary, Settings, StatusInfo } from '../common/types.js';
import type { Embedder } from './embed/embedder.js';
import type { EngineLike } from './engine-api.js';
import { identityChange, modelMismatch } from './index-identity.js';
import { faultPoint } from './fault.js';
import { IndexingService } from './indexing-service.js';
import { validateExcludes } from './ingest/glob.js';
import { planFolders } from './library-plan.js';
import { acquireIndexLock } from './lock.js';
import { configuredProviders, type Provider } from './models/ort.js';
import { chunkerSpec, createPreparer, type Preparer } from './prepare.js';
import { ModelHub } from './model-hub.js';
import { expandUserPath } from './paths.js';
import type { Reranker } from './rerank/reranker.js';
import { calibrationFor } from './search/relevance.js';
import { SEARCH_DEFAULTS, SearchService } from './search/search-service.js';
import { loadSettings, saveSettings } from './settings.js';
import { Catalog, isInside, isLive, type IndexIdentity } from './store/catalog.js';
import { checkAndRepair, describeReport, reportIsClean } from './store/check.js';
import { beginWrite, endWrite, unfinished } from './store/journal.js';
import { LanceStore } from './store/lance-store.js';
import { makePrivateDir } from './store/private.js';
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
      await (await this.store()).clear();
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

  /**
   * Every change to the library: serialized, under the cross-process lock, with the unfinished-write marker set
   * while it runs. A marker left by a process that died is answered first by a check and repair, whose report
   * the work receives. The marker is cleared only when the work succeeds (an error leaves it for the next check).
   */
  private write<T>(op: string, work: (repaired: CheckReport | null) => Promise<T>, alwaysCheck = false): Promise<T> {
    return this.serialize(async () => {
      const lock = await acquireIndexLock(this.opts.dataDir);
      try {
        await this.refreshCatalog();
        const left = await unfinished(this.opts.dataDir);
        let repaired: CheckReport | null = null;
        if (left || alwaysCheck || this.catalog.migrated) {
          await beginWrite(this.opts.dataDir, 'check');
          repaired = await this.repair(left?.op === 'remove');
          if (left) this.log(`the last ${left.op} did not finish; checked the library: ${describeReport(repaired).join(' ') || 'nothing to repair'}`);
        }
        await beginWrite(this.opts.dataDir, op);
        const result = await work(repaired);
        await endWrite(this.opts.dataDir);
        return result;
      } finally {
        this.abort = null;
        await lock.release();
      }
    });
  }

  /** Check and repair under the lock: the table against the catalog; files with wrong rows are indexed again. */
  private async repair(purge: boolean): Promise<CheckReport> {
    const store = await this.store();
    const { report, redo } = await checkAndRepair(store, this.catalog);
    const roots = [...new Set(redo.map((p) => this.catalog.coveringRoot(p)).filter((r): r is string => r !== null))];
    if (roots.length || report.rebuilt) {
      const again = report.rebuilt ? this.catalog.roots() : roots;
      report.reindexed = again.length ? (await this.runIndexing(again, false)).indexed : 0;
    }
    if (purge || !reportIsClean(report)) await store.purge();
    return report;
  }

  private async runIndexing(roots: string[], rebuild: boolean, onProgress?: (p: Events['progress']) => void): Promise<IndexSummary> {
    this.abort = new AbortController();
    const embedder = await this.embedder();
    await this.checkIdentity(rebuild);
    this.preparer ??= await createPreparer(this.opts.modelsDir, this.settings.embeddingModel, embedder);
    const service = new IndexingService(await this.store(), this.catalog, embedder, this.preparer.prepare, this.log);
    return service.index(roots, {
      excludes: this.settings.excludes,
      maxFileBytes: this.settings.maxFileMB * 1024 * 1024,
      signal: this.abort.signal,
      onProgress: (p) => {
        onProgress?.(p);
        this.emit('progress', p);
      },
    });
  }

  /** A folder as the user named it: `~` expanded, relative to the home folder (the CLI passes absolute paths). */
  private async realFolder(path: string): Promise<string> {
    const abs = expandUserPath(path, homedir());
    const st = await stat(abs).catch(() => null);
    if (!st) throw new ParascopeError('NOT_FOUND', `Folder ${path} does not exist.`);
    if (!st.isDirectory()) throw new ParascopeError('NOT_A_FOLDER', `${path} is not a folder; add the folder that contains it.`);
    return realpath(abs);
  }

  async index(paths: string[], opts: { rebuild?: boolean; onProgress?: (p: Events['progress']) => void; check?: boolean } = {}): Promise<IndexSummary> {
    const folders = await Promise.all(paths.map((p) => this.realFolder(p)));
    return this.write(
      'index',
      async (repaired) => {
        const plan = planFolders(folders, this.catalog.roots());
        for (const { path } of plan.absorbed) {
          this.catalog.removeRoot(path);
          this.watcher?.remove(path);
        }
        const summary = plan.index.length
          ? await this.runIndexing(plan.index, opts.rebuild ?? false, opts.onProgress)
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

  /** `parascope check`: compare, repair, and clean old versions off the disk. */
  check(): Promise<CheckReport> {
    return this.write('check', async (repaired) => repaired!, true);
  }

  /** An added folder as the window or CLI names it (the root itself, or a path that resolves to it). */
  private async addedRoot(path: string): Promise<string> {
    await this.refreshCatalog();
    const abs = expandUserPath(path, homedir());
    if (this.catalog.hasRoot(abs)) return abs;
    const real = await realpath(abs).catch(() => abs);
    if (this.catalog.hasRoot(real)) return real;
    throw new ParascopeError('NOT_FOUND', `${path} is not a folder in the library.`);
  }

  async removeFolder(req: Request<'removeFolder'>): Promise<Response<'removeFolder'>> {
    const root = await this.addedRoot(req.path);
    return this.write('remove', async () => {
      if (!this.catalog.hasRoot(root)) throw new ParascopeError('NOT_FOUND', `${req.path} is not a folder in the library.`);
      // only files no other added folder covers are forgotten
      const gone = Object.entries(this.catalog.filesUnder(root)).filter(([p]) => !this.catalog.coveredByOther(p, root));
      const removed = gone.reduce((s, [, r]) => s + r.chunks, 0);
      // the catalog first: a crash after this line leaves rows no record accounts for, which the check deletes,
      // so an interrupted remove completes instead of half-happening
      for (const [p] of gone) this.catalog.deleteFile(p);
      this.catalog.removeRoot(root);
      await this.catalog.save();
      faultPoint('remove:catalog-saved');
      this.watcher?.remove(root);
      if (this.catalog.identity) {
        const store = await this.store();
        await store.deletePaths(gone.map(([p]) => p));
        faultPoint('remove:rows-deleted');
        await store.purge();
      }
      this.emit('library', { reason: 'removed', root });
      return { removed, files: gone.filter(([, r]) => isLive(r)).length };
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
      (reranked) => calibrationFor(want.embeddingModel, reranked ? this.settings.rerankerModel : null),
    );
    const { question, ...options } = req;
    const result = await search.ask(question, options);
    // a file's folder is the added folder that covers it now (folders absorb others; rows keep the old root)
    for (const p of result.passages) p.root = this.catalog.coveringRoot(p.path) ?? p.root;
    return result;
  }

  async getSettings(): Promise<Settings> {
    return { ...this.settings };
  }

  async setSettings(req: Request<'setSettings'>): Promise<Settings> {
    const bad = req.excludes ? validateExcludes(req.excludes) : null;
    if (bad) throw new ParascopeError('BAD_REQUEST', bad);
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

  /**
   * A file the window asks to open or show: only an indexed document of the library as it is now (re-read from
   * disk, so a folder removed by the CLI no longer counts). Containment is checked on the path as given before
   * the file system is touched, and outside, missing and not-a-document all get the same answer.
   */
  async resolveUserPath(path: string): Promise<string> {
    await this.refreshCatalog();
    const refused = new ParascopeError('FORBIDDEN', 'That file is not one of the indexed documents in your library.');
    const abs = resolve(path);
    const root = this.catalog.coveringRoot(abs);
    if (!root || !isLive(this.catalog.file(abs))) throw refused;
    const real = await realpath(abs).catch(() => null);
    const realRoot = await realpath(root).catch(() => null);
    if (!real || !realRoot || !isInside(real, realRoot)) throw refused;
    return real;
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

function emptySummary(device: string): IndexSummary {
  return {
    roots: [], indexed: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, chunks: 0, device, seconds: 0,
    problems: [], cancelled: false, covered: [], absorbed: [],
  };
}
