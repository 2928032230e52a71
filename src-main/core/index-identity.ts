// What an index was built with (the catalog's IndexIdentity), and what a difference from the current setup means.
import { ParascopeError } from '../common/errors.js';
import type { IndexIdentity } from './store/catalog.js';

/**
 * 'model': another embedding model's vectors are useless, and rebuilding is the user's call.
 * 'chunker': a new chunker (an upgrade) leaves the old chunks searchable; the next index run re-chunks everything.
 */
export type IdentityChange = 'none' | 'chunker' | 'model';

export function identityChange(have: IndexIdentity | null, want: IndexIdentity): IdentityChange {
  if (!have) return 'none';
  if (have.embeddingModel !== want.embeddingModel || have.dim !== want.dim) return 'model';
  return have.chunkerVersion === want.chunkerVersion ? 'none' : 'chunker';
}

export function modelMismatch(have: IndexIdentity, want: IndexIdentity): ParascopeError {
  return new ParascopeError(
    'INDEX_MISMATCH',
    `The index was built with ${have.embeddingModel} (${have.dim} dims) but the current model is ${want.embeddingModel} (${want.dim} dims); rebuild the index (Rebuild index in Settings, or parascope index --rebuild).`,
  );
}
