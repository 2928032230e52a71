// A small EngineLike with real folder walking and naive keyword search: the dev harness for the window
// (and the fake behind the bridge unit tests). The real engine lives in src-main/core/engine.ts.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { Events, EventName, Request } from '../../src-main/common/contract.js';
import { ParascopeError } from '../../src-main/common/errors.js';
import {
  type FilePreview,
  DEFAULT_SETTINGS,
  type FileStatus,
  type IndexSummary,
  type Passage,
  type Settings,
} from '../../src-main/common/types.js';
import type { EngineLike } from '../../src-main/common/engine-api.js';

interface FakeChunk {
  path: string;
  root: string;
  text: string;
  line: number;
}

export interface FakeEngineOptions {
  delayMs?: number;
}

export class FakeEngine implements EngineLike {
  settings: Settings = { ...DEFAULT_SETTINGS };
  private folders = new Map<string, FileStatus[]>();
  private chunks: FakeChunk[] = [];
  private listeners = new Map<EventName, Set<(p: unknown) => void>>();
  private abort: AbortController | null = null;
  calls: { channel: string; req: unknown }[] = [];

  constructor(private opts: FakeEngineOptions = {}) {}

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  private async walk(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) out.push(...(await this.walk(p)));
      else out.push(p);
    }
    return out.sort();
  }

  private async indexRoot(root: string, signal: AbortSignal): Promise<IndexSummary> {
    const st = await stat(root).catch(() => null);
    if (!st) throw new ParascopeError('NOT_FOUND', `The folder ${root} does not exist.`);
    if (!st.isDirectory()) throw new ParascopeError('NOT_A_FOLDER', `${root} is a file, not a folder.`);
    const files = await this.walk(root);
    const statuses: FileStatus[] = [];
    this.chunks = this.chunks.filter((c) => c.root !== root);
    const t0 = Date.now();
    let chunksDone = 0;
    const progress = (phase: Events['progress']['phase'], done: number, current: string | null) =>
      this.emit('progress', {
        phase,
        root,
        filesTotal: files.length,
        filesDone: done,
        chunksDone,
        chunksPerSecond: chunksDone / Math.max(0.001, (Date.now() - t0) / 1000),
        etaSeconds: done ? ((Date.now() - t0) / 1000 / done) * (files.length - done) : null,
        currentFile: current,
      });
    progress('scanning', 0, null);
    for (const [i, file] of files.entries()) {
      if (signal.aborted) {
        progress('cancelled', i, null);
        break;
      }
      progress('indexing', i, file);
      if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
      const ext = extname(file).toLowerCase();
      if (ext === '.pdf') {
        // the fake has no PDF parser: every PDF counts as damaged
        statuses.push({ path: file, root, state: 'failed', chunks: 0, reason: 'The PDF is damaged or incomplete.' });
        continue;
      }
      if (ext !== '.md' && ext !== '.txt') {
        statuses.push({ path: file, root, state: 'skipped', chunks: 0, reason: 'Unsupported file type.' });
        continue;
      }
      const text = await readFile(file, 'utf8');
      let line = 1;
      let n = 0;
      for (const para of text.split(/\n\s*\n/)) {
        if (para.trim() && !para.trim().startsWith('#')) {
          this.chunks.push({ path: file, root, text: para.trim(), line });
          n++;
        }
        line += para.split('\n').length + 1;
      }
      chunksDone += n;
      statuses.push({ path: file, root, state: 'indexed', chunks: n });
    }
    this.folders.set(root, statuses);
    progress(signal.aborted ? 'cancelled' : 'done', files.length, null);
    this.emit('library', { reason: 'indexed', root });
    const count = (s: FileStatus['state']) => statuses.filter((f) => f.state === s).length;
    return {
      roots: [root],
      indexed: count('indexed'),
      unchanged: 0,
      skipped: count('skipped'),
      failed: count('failed'),
      removed: 0,
      chunks: chunksDone,
      device: 'cpu',
      seconds: (Date.now() - t0) / 1000,
      embedSeconds: 0,
      problems: statuses.filter((f) => f.state === 'failed'),
      cancelled: signal.aborted,
      covered: [],
      absorbed: [],
    };
  }

  async addFolders(req: { paths: string[] }): Promise<IndexSummary> {
    this.calls.push({ channel: 'addFolders', req });
    this.abort = new AbortController();
    const summaries: IndexSummary[] = [];
    try {
      for (const p of req.paths) summaries.push(await this.indexRoot(resolve(p), this.abort.signal));
    } finally {
      this.abort = null;
    }
    const first = summaries[0]!;
    return summaries.slice(1).reduce(
      (a, s) => ({
        ...a,
        roots: [...a.roots, ...s.roots],
        indexed: a.indexed + s.indexed,
        failed: a.failed + s.failed,
        chunks: a.chunks + s.chunks,
        problems: [...a.problems, ...s.problems],
      }),
      first,
    );
  }
  async reindex(req: { path: string }) {
    return this.addFolders({ paths: [req.path] });
  }
  async rebuildIndex() {
    if (!this.folders.size) throw new ParascopeError('NO_INDEX', 'There is nothing to rebuild: add a folder first.');
    return this.addFolders({ paths: [...this.folders.keys()] });
  }
  async listModels() {
    return { embedding: [DEFAULT_SETTINGS.embeddingModel], reranker: [DEFAULT_SETTINGS.rerankerModel] };
  }
  async removeFolder(req: { path: string }) {
    const root = resolve(req.path);
    if (!this.folders.has(root)) throw new ParascopeError('NOT_FOUND', `${root} is not in the library.`);
    const files = this.folders.get(root)!.length;
    this.folders.delete(root);
    const before = this.chunks.length;
    this.chunks = this.chunks.filter((c) => c.root !== root);
    this.emit('library', { reason: 'removed', root });
    return { removed: before - this.chunks.length, files };
  }
  async cancelIndex() {
    const had = !!this.abort;
    this.abort?.abort();
    return { cancelled: had };
  }
  async status(_req?: Request<'status'>, _signal?: AbortSignal) {
    const folders = [...this.folders].map(([path, fs]) => ({
      path,
      files: fs.length,
      chunks: fs.reduce((a, f) => a + f.chunks, 0),
      failed: fs.filter((f) => f.state === 'failed').length,
      skipped: fs.filter((f) => f.state === 'skipped').length,
      lastIndexedAt: new Date().toISOString(),
      partial: false,
    }));
    return {
      dataDir: '/tmp/fake',
      folders,
      files: folders.reduce((a, f) => a + f.files, 0),
      chunks: this.chunks.length,
      device: 'cpu',
      threads: { models: 2, parseWorkers: 1 },
      embeddingModel: this.settings.embeddingModel,
      rerankerModel: this.settings.rerankerModel,
      problems: [...this.folders.values()].flat().filter((f) => f.state === 'failed'),
      indexing: !!this.abort,
      rebuilding: null,
    };
  }
  async files(req: { root: string }) {
    const fs = this.folders.get(resolve(req.root));
    if (!fs) throw new ParascopeError('NOT_FOUND', `${req.root} is not in the library.`);
    return fs;
  }
  async preview(req: { path: string; start?: number }): Promise<FilePreview> {
    const mine = this.chunks.filter((c) => c.path === req.path);
    if (!mine.length) throw new ParascopeError('NOT_FOUND', 'That file is not in the library.');
    let text = '';
    const passages = mine.map((c) => {
      const start = text.length ? text.length + 2 : 0;
      text = text ? `${text}\n\n${c.text}` : c.text;
      return { start, end: start + c.text.length, page: null, line: c.line, location: `line ${c.line}`, heading: '' };
    });
    return {
      kind: 'text',
      path: req.path,
      text,
      offset: 0,
      passages,
      current: Math.max(
        0,
        passages.findIndex((p) => p.start === req.start),
      ),
    };
  }

  async ask(req: { question: string; top?: number }, _signal?: AbortSignal) {
    this.calls.push({ channel: 'ask', req });
    if (this.folders.size === 0) throw new ParascopeError('NO_INDEX', 'Nothing is indexed yet: add a folder first.');
    const words = req.question.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
    const scored = this.chunks
      .map((c) => ({ c, s: words.filter((w) => c.text.toLowerCase().includes(w)).length / Math.max(1, words.length) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s)
      .slice(0, req.top ?? 5);
    const passages: Passage[] = scored.map(({ c, s }, i) => ({
      id: `${c.path}#${c.line}`,
      path: c.path,
      root: c.root,
      text: c.text,
      heading: basename(c.path),
      page: null,
      line: c.line,
      location: `line ${c.line}`,
      start: 0,
      end: c.text.length,
      retrievalRank: i + 1,
      score: s,
      retrievalScore: s,
      cosine: s,
      relevance: s,
    }));
    return {
      question: req.question,
      passages,
      timings: { embedMs: 1, searchMs: 1, rerankMs: 1 },
      noGoodMatch: !passages.some((p) => p.relevance >= 0.5),
    };
  }
  async getSettings() {
    return this.settings;
  }
  async setSettings(req: Partial<Settings>) {
    this.settings = { ...this.settings, ...req };
    return this.settings;
  }
  async resolveUserPath(p: string): Promise<string> {
    const abs = resolve(p);
    for (const root of this.folders.keys()) if (abs === root || abs.startsWith(root + sep)) return abs;
    throw new ParascopeError('FORBIDDEN', 'That file is not inside a folder of the library.');
  }
  async close(): Promise<void> {
    this.listeners.clear();
  }
}
