// Builds a new index of every added folder beside the live one (store/shadow.ts), with its own embedder when the
// embedding model changes, while questions keep reading the live index. The engine runs it through its write gate
// and swaps the result in when it is complete; a cancelled rebuild is dropped, an interrupted one resumed.
import type { IndexProgress, IndexSummary, Settings } from '../common/types.js';
import { LibraryIndexer } from './library-indexer.js';
import { ModelHub } from './model-hub.js';
import type { Provider } from './models/ort.js';
import { faultPoint } from './fault.js';
import { emptySummary } from './indexing-service.js';
import { Catalog } from './store/catalog.js';
import { dropShadow, markComplete, startShadow } from './store/shadow.js';

export interface RebuildDeps {
  dataDir: string;
  modelsDir: string;
  providers: Provider[];
  /** The live models: reused when the rebuild keeps the embedding model. */
  models: ModelHub;
  log: (line: string) => void;
  onProgress: (p: IndexProgress) => void;
}

export class IndexRebuild {
  private current: { model: string; indexer: LibraryIndexer; cancelled: boolean; resume: boolean } | null = null;

  constructor(private readonly deps: RebuildDeps) {}

  /** The embedding model a rebuild is running for, or null. */
  get running(): string | null {
    return this.current?.model ?? null;
  }

  /** Stops a rebuild: dropped, or, when the engine shuts down (`resume`), kept to be resumed at the next start. */
  cancel(resume = false): boolean {
    if (!this.current) return false;
    this.current.cancelled = true;
    this.current.resume ||= resume;
    this.current.indexer.cancel();
    return true;
  }

  /**
   * Indexes `roots` into the shadow with `target`'s settings and marks it complete. A cancelled or failed run drops
   * it (the live index still answers); only a crash leaves it, to be resumed. Call only through the write gate.
   */
  async build(roots: string[], target: Settings, live: Settings): Promise<IndexSummary> {
    const { dataDir, modelsDir, log } = this.deps;
    const { dir, resumed } = await startShadow(dataDir, target.embeddingModel);
    if (resumed) log(`resuming the rebuild of the index with ${target.embeddingModel}`);
    const own = target.embeddingModel !== live.embeddingModel;
    const models = own ? new ModelHub(modelsDir, this.deps.providers, log, target) : this.deps.models;
    const catalog = await Catalog.load(dir, log);
    const indexer = new LibraryIndexer({
      dataDir: dir,
      modelsDir,
      embedder: () => models.embedder(),
      catalog: () => catalog,
      settings: () => target,
      log,
      onProgress: (p) => {
        this.deps.onProgress({ ...p, rebuild: target.embeddingModel });
        if (p.filesDone > 0) faultPoint('rebuild:indexing');
      },
    });
    const current = { model: target.embeddingModel, indexer, cancelled: false, resume: false };
    this.current = current;
    let kept = false;
    try {
      if (resumed) {
        // folders removed since the rebuild began are forgotten; what a crash left half-written is repaired
        for (const root of catalog.roots().filter((r) => !roots.includes(r))) await indexer.forget(root);
        await indexer.repair(false);
      }
      const summary = current.cancelled ? null : await indexer.run(roots, false);
      await indexer.close();
      if (!summary || summary.cancelled || current.cancelled) return cancelledSummary(summary, roots);
      await markComplete(dataDir);
      kept = true;
      return summary;
    } finally {
      this.current = null;
      await indexer.close().catch(() => undefined);
      if (!kept && !current.resume) await dropShadow(dataDir);
      if (own) await models.dispose();
    }
  }
}

function cancelledSummary(summary: IndexSummary | null, roots: string[]): IndexSummary {
  return { ...(summary ?? { ...emptySummary(''), roots }), cancelled: true };
}
