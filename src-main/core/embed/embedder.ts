// Bi-encoder behind an interface, so services and tests depend on the shape, not on onnxruntime.
export interface Embedder {
  readonly modelId: string;
  readonly dim: number;
  /** e.g. "cpu (int8)" or "cuda (fp32)" */
  readonly device: string;
  readonly maxSeqLength: number;
  /** `onBatch`: after each batch the model runs, how many of `texts` are embedded (progress inside a long call). */
  embedDocuments(texts: string[], signal?: AbortSignal, onBatch?: (done: number) => void): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
  countTokens(text: string): number;
  /** The whole words of the model's vocabulary, lowercase: words it knows as one token are spelled right. */
  readonly knownWords: ReadonlySet<string>;
  dispose(): Promise<void>;
}
