// The search the engine runs for a question: the shipped search defaults with the user's settings over them, the
// models from the engine's hub, and the calibration fitted for this pair of models.
import type { Settings } from '../../common/types.js';
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
