export interface Reranker {
  readonly modelId: string;
  readonly device: string;
  /** One relevance score per passage, higher is better (0..1 for single-label models). */
  score(query: string, passages: string[]): Promise<number[]>;
  dispose(): Promise<void>;
}
