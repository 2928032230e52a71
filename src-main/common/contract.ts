// The one contract between the window and the engine. Electron IPC (app/ + preload/) and the loopback
// HTTP bridge (bridge/) both implement it; the renderer cannot tell which it talks to.
// Every request is parsed as `unknown` with these schemas on the receiving side.
import { z } from 'zod';
import type {
  FilePreview,
  FileStatus,
  InstalledModels,
  IndexProgress,
  IndexSummary,
  SearchResult,
  Settings,
  StatusInfo,
} from './types.js';

const path = z.string().min(1).max(4096);
const mode = z.enum(['dense', 'lexical', 'hybrid']);

export const requestSchemas = {
  addFolders: z.object({ paths: z.array(path).min(1).max(64) }).strict(),
  reindex: z.object({ path }).strict(),
  removeFolder: z.object({ path }).strict(),
  cancelIndex: z.object({}).strict(),
  status: z.object({}).strict(),
  files: z.object({ root: path }).strict(),
  ask: z
    .object({
      question: z.string().trim().min(1).max(2000),
      top: z.number().int().min(1).max(50).optional(),
      candidates: z.number().int().min(1).max(1000).optional(),
      mode: mode.optional(),
      rerank: z.boolean().optional(),
      spelling: z.boolean().optional(),
    })
    .strict(),
  preview: z.object({ path, start: z.number().int().min(0).optional() }).strict(),
  listModels: z.object({}).strict(),
  rebuildIndex: z.object({ embeddingModel: z.string().min(1).max(200).optional() }).strict(),
  getSettings: z.object({}).strict(),
  setSettings: z
    .object({
      candidates: z.number().int().min(1).max(1000).optional(),
      mode: mode.optional(),
      rerank: z.boolean().optional(),
      excludes: z.array(z.string().min(1).max(256)).max(100).optional(),
      maxFileMB: z.number().min(1).max(4096).optional(),
      ocr: z.boolean().optional(),
      embeddingModel: z.string().min(1).max(200).optional(),
      rerankerModel: z.string().min(1).max(200).optional(),
    })
    .strict(),
  openPath: z.object({ path, page: z.number().int().min(1).optional(), line: z.number().int().min(1).optional() }).strict(),
  showInFolder: z.object({ path }).strict(),
  pickFolder: z.object({}).strict(),
  info: z.object({}).strict(),
} as const;

export type Channel = keyof typeof requestSchemas;
export type Request<C extends Channel> = z.infer<(typeof requestSchemas)[C]>;

export interface AppInfo {
  /** 'electron' has native dialogs and drag-and-drop paths; 'browser' adds folders by typed path. */
  shell: 'electron' | 'browser';
  version: string;
}

export interface Responses {
  addFolders: IndexSummary;
  reindex: IndexSummary;
  removeFolder: { removed: number; files: number };
  cancelIndex: { cancelled: boolean };
  status: StatusInfo;
  files: FileStatus[];
  ask: SearchResult;
  preview: FilePreview;
  listModels: InstalledModels;
  rebuildIndex: IndexSummary;
  getSettings: Settings;
  setSettings: Settings;
  openPath: { opened: boolean };
  showInFolder: { shown: boolean };
  pickFolder: { path: string | null };
  info: AppInfo;
}

export type Response<C extends Channel> = Responses[C];

/** Events pushed from the engine to the window. */
export interface Events {
  progress: IndexProgress;
  /** The library changed (indexing finished, a watched folder changed, a folder was removed, a rebuild moved in). */
  library: { reason: 'indexed' | 'removed' | 'watch' | 'rebuilt'; root: string };
}

export type EventName = keyof Events;

export const channels = Object.keys(requestSchemas) as Channel[];

/** What the renderer sees as `window.api` (and what the HTTP client implements). */
export type Api = {
  /** `callId` (Electron): names the call for cancelCall. Browser mode cancels by aborting the HTTP request. */
  [C in Channel]: (req: Request<C>, callId?: string) => Promise<Response<C>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Electron only: cancels the call made with this id (it is then answered CANCELLED). */
  cancelCall?: (callId: string) => void;
  /** Electron only: the OS path of a dropped File; undefined in browser mode. */
  pathForFile?: (file: File) => string;
};

/** Parses a request; throws a ZodError (turned into BAD_REQUEST by the transports). */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): Request<C> {
  return requestSchemas[channel].parse(payload) as Request<C>;
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}
