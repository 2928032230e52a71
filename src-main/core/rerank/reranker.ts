export interface Reranker {
  readonly modelId: string;
  readonly device: string;
  /** One relevance score per passage, higher is better (0..1 for single-label models); an abort stops it between
   * batches with CANCELLED. */
  score(query: string, passages: string[], signal?: AbortSignal): Promise<number[]>;
  dispose(): Promise<void>;
}
