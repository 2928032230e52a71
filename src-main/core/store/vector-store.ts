import type { Chunk } from '../../common/types.js';
import type { Vocabulary } from '../search/spelling.js';

export interface StoredChunk extends Chunk {
  root: string;
  /** sha256 of the file's bytes when it was indexed */
  hash: string;
  mtime: number;
  vector: Float32Array;
}

export type ChunkHit = Omit<StoredChunk, 'vector'> & { score: number };

export interface VectorStore {
  readonly dim: number;
  /** Writes the chunks of `paths` in one commit: rows of those paths not in `rows` are removed atomically. */
  replaceFiles(paths: string[], rows: StoredChunk[], fresh: boolean): Promise<void>;
  deletePaths(paths: string[]): Promise<void>;
  /** Deletes every row (an index rebuilt for another model). */
  clear(): Promise<void>;
  /** Every row's id, grouped by file path (for check and repair). */
  rowsByPath(): Promise<Map<string, string[]>>;
  /** The dimension of the stored vectors, from the table's schema. */
  vectorDim(): Promise<number | null>;
  /** Rebuilds the indices and compacts the table, then removes every older version: deleted text leaves the disk. */
  purge(): Promise<void>;
  count(): Promise<number>;
  searchDense(vector: Float32Array, k: number): Promise<ChunkHit[]>;
  /** BM25 over the text; `fuzziness` > 0 also matches words that many edits away (misspelled questions). */
  searchLexical(query: string, k: number, fuzziness?: number): Promise<ChunkHit[]>;
  /** The words of the indexed text with their passage counts (what misspelled questions are corrected against). */
  vocabulary(): Promise<Vocabulary>;
  /** Cosine between `vector` and the stored vectors of `ids` (for candidates that came from BM25). */
  cosines(ids: string[], vector: Float32Array): Promise<Map<string, number>>;
  /** Rebuilds the full-text index (and the ANN index past a size threshold). */
  optimize(): Promise<void>;
  chunkIds(): Promise<string[]>;
  /** One file's chunks in reading order (the preview's next and previous passage), without vectors. */
  fileChunks(path: string): Promise<Array<Omit<ChunkHit, 'score'>>>;
  close(): Promise<void>;
}
