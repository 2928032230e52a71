// The search the engine runs for a question: the shipped search defaults with the user's settings over them, the
// models from the engine's hub, and the calibration fitted for this pair of models.
import type { Request, Response } from '../../common/contract.js';
import { ParascopeError } from '../../common/errors.js';
import type { Settings } from '../../common/types.js';
import { identityChange, modelMismatch } from '../index-identity.js';
import type { Catalog, IndexIdentity } from '../store/catalog.js';
import type { Embedder } from '../embed/embedder.js';
import type { Reranker } from '../rerank/reranker.js';
import type { VectorStore } from '../store/vector-store.js';
import { calibrationFor } from './relevance.js';
import { SEARCH_DEFAULTS, SearchService } from './search-service.js';

export interface SearchModels {
  embedder(): Promise<Embedder>;
  reranker(): Promise<Reranker>;
}

/** `settings` is read at each question, so a change in Settings applies to the next one. */
export function librarySearch(
  store: VectorStore,
  models: SearchModels,
  settings: () => Settings,
  embeddingModel: string,
): SearchService {
  return new SearchService(
    store,
    () => models.embedder(),
    () => models.reranker(),
    () => ({ ...SEARCH_DEFAULTS, candidates: settings().candidates, mode: settings().mode, rerank: settings().rerank }),
    (reranked) => calibrationFor(embeddingModel, reranked ? settings().rerankerModel : null),
  );
}

export interface LibraryQuestionDeps extends SearchModels {
  /** The catalog as it is now (the engine re-reads it when another process changed it). */
  catalog(): Catalog;
  /** What the index would be built with now (the current embedding model). */
  identity(): Promise<IndexIdentity>;
  store(): Promise<VectorStore>;
  settings: () => Settings;
}

/**
 * A question over the library as it is: refused while nothing is indexed, or when the index holds another
 * embedding model's vectors; each passage's folder is the added folder that covers it now (folders absorb
 * others, and rows keep the root they were indexed under).
 */
export async function askLibrary(deps: LibraryQuestionDeps, req: Request<'ask'>, signal?: AbortSignal): Promise<Response<'ask'>> {
  const catalog = deps.catalog();
  const have = catalog.identity;
  if (!have) throw new ParascopeError('NO_INDEX', 'Nothing is indexed yet: add a folder first.');
  const want = await deps.identity();
  if (identityChange(have, want) === 'model') throw modelMismatch(have, want);
  const { question, ...options } = req;
  const result = await librarySearch(await deps.store(), deps, deps.settings, want.embeddingModel).ask(question, options, signal);
  for (const p of result.passages) {
    p.root = catalog.coveringRoot(p.path) ?? p.root;
    for (const c of p.alsoIn ?? []) c.root = catalog.coveringRoot(c.path) ?? c.root;
  }
  return result;
}
