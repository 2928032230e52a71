// Domain types shared by core, app, preload, bridge and renderer. No Node, no Electron here.

export type RetrievalMode = 'dense' | 'lexical' | 'hybrid';

/** A structural unit a parser found in a file, before chunking. */
export interface Block {
  text: string;
  /** 'heading' blocks update the heading path; they are not indexed on their own. */
  kind: 'heading' | 'paragraph';
  /** Heading level (1 = top) for heading blocks. */
  level?: number;
  /** 1-based page (PDF), slide (PPTX, ODP), chapter (EPUB), sheet (XLSX, ODS) or message (MBOX). */
  page?: number;
  /** 1-based line of the block's first character in the source text, when the format has lines; a sheet's row. */
  line?: number;
  /** A record (a spreadsheet row) that is a passage of its own: the chunker never merges it with another block. */
  standalone?: boolean;
  /** Character offsets into the file's extracted text. */
  start: number;
  end: number;
}

export interface Chunk {
  /** Deterministic: hash of path + ordinal + text. */
  id: string;
  path: string;
  text: string;
  page: number | null;
  line: number | null;
  start: number;
  end: number;
  /** Heading path joined with " > ", or "". */
  heading: string;
  ordinal: number;
}

export interface Passage {
  id: string;
  path: string;
  /** Folder the file was indexed under (to show a relative path). */
  root: string;
  text: string;
  heading: string;
  page: number | null;
  line: number | null;
  /** Where it is, for a reader: "page 3", "slide 2", "sheet 2, row 14", "line 40" (common/location.ts); or "". */
  location: string;
  start: number;
  end: number;
  /** 1-based rank in the candidate list before re-ranking. */
  retrievalRank: number;
  /**
   * What the passages are ordered by: the cross-encoder score (0..1 for single-label models), blended with the
   * retrieval score when SearchDefaults.rerankBlend > 0; the retrieval score when not re-ranking.
   */
  score: number;
  /** Score before re-ranking: cosine (dense), BM25 (lexical) or the RRF fusion score (hybrid). */
  retrievalScore: number;
  /** Cosine between the question's and the passage's embeddings. */
  cosine: number;
  /** The cross-encoder's probability for the pair, when re-ranked. */
  rerankScore?: number;
  /** Calibrated probability (0–1) that this passage answers the question (core/search/relevance.ts). */
  relevance: number;
  /**
   * Other candidates that are copies of this passage (at least half their text is in it: the same manual as HTML and
   * PDF, a file and its backup), best-ranked first; listed here instead of taking places of their own (core/search/copies.ts).
   */
  alsoIn?: PassageCopy[];
}

/** Where a copy of a shown passage is: enough to name it, preview it and open it. */
export type PassageCopy = Pick<Passage, 'id' | 'path' | 'root' | 'page' | 'line' | 'location' | 'start' | 'end' | 'relevance'>;

export interface SearchTimings {
  embedMs: number;
  searchMs: number;
  rerankMs: number;
}

export interface SearchResult {
  question: string;
  /** The question as searched, when misspelled words were corrected against the library's words. */
  correctedQuestion?: string;
  passages: Passage[];
  timings: SearchTimings;
  /** No passage is likely to answer: the passages are only the closest ones. */
  noGoodMatch: boolean;
}

export interface SearchOptions {
  top?: number;
  candidates?: number;
  mode?: RetrievalMode;
  rerank?: boolean;
  /** Tuning knobs for evaluation (the CLI's hidden --rrf-k / --rerank-heading / --rerank-blend); the app uses the defaults. */
  rrfK?: number;
  rerankWithHeading?: boolean;
  rerankBlend?: number;
  /** Edit distance allowed between a question's word and an indexed word in the lexical leg (the CLI's hidden --fuzzy). */
  fuzziness?: number;
  /** false: search the words as typed, without correcting misspelled ones (the CLI's --as-typed). */
  spelling?: boolean;
  /** false: copies of a passage take places of their own instead of being listed under it (the CLI's hidden --keep-copies, for eval/). */
  foldCopies?: boolean;
}

export type FileState = 'indexed' | 'unchanged' | 'skipped' | 'failed' | 'removed';

export interface FileStatus {
  path: string;
  root: string;
  state: FileState;
  chunks: number;
  reason?: string;
  /** How an indexed file was read, when it is worth saying: "read by OCR (3 pages)". */
  note?: string;
}

export interface FolderInfo {
  path: string;
  files: number;
  chunks: number;
  failed: number;
  skipped: number;
  lastIndexedAt: string | null;
  /** A run over this folder did not finish (cancelled, or the app was closed): Re-index resumes it. */
  partial: boolean;
}

/** What `check` found wrong between the table and the library's records, and repaired. */
export interface CheckReport {
  /** Rows of files no record accounts for (deleted). */
  orphanRows: number;
  /** Extra copies of a passage (deleted). */
  duplicateRows: number;
  /** Files whose rows disagreed with their record (indexed again). */
  mismatchedFiles: number;
  /** Records of files outside every added folder (forgotten). */
  droppedRecords: number;
  /** The table's vectors had another dimension than the index identity: cleared. */
  rebuilt: boolean;
  /** Files indexed again to repair them. */
  reindexed: number;
}

export interface IndexProgress {
  phase: 'scanning' | 'indexing' | 'writing' | 'done' | 'cancelled' | 'error';
  root: string;
  filesTotal: number;
  filesDone: number;
  chunksDone: number;
  chunksPerSecond: number;
  etaSeconds: number | null;
  currentFile: string | null;
  /**
   * While a call to the embedder runs: its passages embedded so far, how many it holds and how many files they
   * come from (one large file can take a minute; files are counted done only when all their passages are).
   */
  embedding?: { done: number; total: number; files: number };
  /** Set while the whole index is rebuilt beside the live one: the embedding model it is rebuilt with. */
  rebuild?: string;
}

export interface IndexSummary {
  roots: string[];
  indexed: number;
  unchanged: number;
  skipped: number;
  failed: number;
  removed: number;
  chunks: number;
  device: string;
  seconds: number;
  /** Of `seconds`, the time spent inside the embedding model (the rest: walking, parsing, writing). */
  embedSeconds: number;
  problems: FileStatus[];
  cancelled: boolean;
  /** Folders asked for that an added folder already covers: nothing new was added for them. */
  covered: { path: string; by: string }[];
  /** Added folders inside a newly added one: now part of it (their passages kept, nothing re-embedded). */
  absorbed: { path: string; into: string }[];
  /** Repairs made before the run (Re-index checks the library first; so does the run after a crash). */
  repaired?: CheckReport;
}

export interface StatusInfo {
  dataDir: string;
  folders: FolderInfo[];
  files: number;
  chunks: number;
  device: string;
  /** Threads sized to the machine: the models' intra-op threads and the parse worker threads. */
  threads: { models: number; parseWorkers: number };
  embeddingModel: string;
  rerankerModel: string;
  problems: FileStatus[];
  indexing: boolean;
  /** The embedding model a rebuild is running for (questions use the live index until it is complete), or null. */
  rebuilding: string | null;
}

export interface Settings {
  candidates: number;
  mode: RetrievalMode;
  rerank: boolean;
  excludes: string[];
  maxFileMB: number;
  /** Read images and scanned PDF pages by OCR (English). */
  ocr: boolean;
  embeddingModel: string;
  rerankerModel: string;
}

export const DEFAULT_SETTINGS: Settings = {
  // chosen on the tuning slices of docs/quality.md, with the search knobs of SEARCH_DEFAULTS
  candidates: 20,
  mode: 'hybrid',
  rerank: true,
  excludes: [],
  maxFileMB: 50,
  ocr: true,
  embeddingModel: 'all-MiniLM-L6-v2',
  rerankerModel: 'parascope-reranker-minilm',
};

/** One passage of a previewed file: where it is in the file's text (or on which page). */
export interface PreviewPassage {
  start: number;
  end: number;
  page: number | null;
  line: number | null;
  location: string;
  heading: string;
}

interface PreviewBase {
  path: string;
  /** The file's passages in reading order (next and previous). */
  passages: PreviewPassage[];
  /** Index in `passages` of the one shown. */
  current: number;
}

/**
 * A passage in its context: a rendered PDF page with the passage marked, or the file's text with the passages'
 * spans pointing into it (`offset` is where `text` starts in the whole text, when a long file was cut to a window).
 */
export type FilePreview =
  | (PreviewBase & { kind: 'page'; page: number; pages: number; image: string; marked: boolean })
  | (PreviewBase & { kind: 'text'; text: string; offset: number });

/** Models installed beside the app, by the folder names Settings saves. */
export interface InstalledModels {
  embedding: string[];
  reranker: string[];
}
