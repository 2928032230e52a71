// Parsing off the embedding thread: a pool of worker threads, one job per worker at a time.
// A job that runs past its timeout or kills its worker (out of memory, crash) fails alone; the worker is replaced.
import { Worker } from 'node:worker_threads';
import type { Chunk } from '../../common/types.js';
import type { RenderedPage } from './pdf-preview.js';
import { FileProblem, type ParseOptions, type ParsedDoc } from './problem.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './protocol.js';

export interface ParserPoolOptions extends WorkerSetup {
  /** Worker count. Default 2. */
  size?: number;
  /** Per-file limit. Default 60 s. */
  timeoutMs?: number;
  /** Heap cap per worker. Default 1024 MB. */
  maxOldGenMB?: number;
  /** Override the worker entry (tests, bundles that place it elsewhere). */
  workerUrl?: URL;
}

export interface RunOptions extends ParseOptions {
  /** Also chunk in the worker (with the pool's tokenizer); the result then carries `chunks`. */
  chunk?: boolean;
  /** Overrides the pool's timeout for this file. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type ParseResult = ParsedDoc & { chunks?: Chunk[]; rendered?: RenderedPage };

/** The worker entry beside this module: worker.ts when running from source (tsx), worker.js in a build. */
export function resolveWorkerUrl(moduleUrl: string = import.meta.url): URL {
  return new URL(/\.[mc]?ts$/.test(new URL(moduleUrl).pathname) ? './worker.ts' : './worker.js', moduleUrl);
}

/** Flags a worker accepts and needs (loaders such as tsx); others, like --test, would make Worker throw. */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (/^--(import|require|loader|experimental-loader|conditions)$/.test(a) && i + 1 < argv.length) {
      out.push(a, argv[++i] as string);
    } else if (/^--(import|require|loader|experimental-loader|conditions)=/.test(a) || /^-r$/.test(a)) {
      out.push(a);
    } else if (a === '--no-warnings' || a.startsWith('--enable-source-maps')) {
      out.push(a);
    }
  }
  return out;
}

/**
 * Running from source under tsx: Node 20 does not apply the parent's `--import tsx` loader hooks inside workers,
 * so the worker registers tsx itself before importing the .ts entry.
 */
function tsBootstrap(entry: URL): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
}

function describeMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

interface Job {
  req: WorkerRequest;
  timeoutMs: number;
  signal?: AbortSignal;
  resolve: (r: ParseResult) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  onAbort: (() => void) | null;
}

export class ParserPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly maxOldGenMB: number;
  private readonly url: URL;
  private readonly setup: WorkerSetup;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(opts: ParserPoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? 2);
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.maxOldGenMB = opts.maxOldGenMB ?? 1024;
    this.url = opts.workerUrl ?? resolveWorkerUrl();
    this.setup = {
      tokenizerPath: opts.tokenizerPath,
      maxTokens: opts.maxTokens,
      minTokens: opts.minTokens,
      windows: opts.windows,
    };
  }

  run(path: string, options: RunOptions = {}): Promise<ParseResult> {
    if (this.closed) return Promise.reject(new Error('parser pool is closed'));
    const { chunk = false, timeoutMs = this.timeoutMs, signal, ...parseOptions } = options;
    signal?.throwIfAborted();
    return new Promise<ParseResult>((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, path, options: parseOptions, chunk }, timeoutMs, signal, resolve, reject });
      this.dispatch();
    });
  }

  /** One PDF page as PNG with `passage` marked on it (the preview), rendered in a worker like any parse. */
  render(path: string, page: number, passage: string, timeoutMs = this.timeoutMs): Promise<RenderedPage> {
    if (this.closed) return Promise.reject(new Error('parser pool is closed'));
    return new Promise<ParseResult>((resolve, reject) => {
      this.queue.push({
        req: { id: this.nextId++, path, options: {}, chunk: false, render: { page, passage } },
        timeoutMs,
        resolve,
        reject,
      });
      this.dispatch();
    }).then((r) => {
      if (!r.rendered) throw new FileProblem('failed', 'the page could not be rendered');
      return r.rendered;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('parser pool is closed'));
    const slots = [...this.slots];
    this.slots.clear();
    for (const s of slots) this.settle(s, (job) => job.reject(new Error('parser pool is closed')));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.job === null);
      if (!slot && this.slots.size < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift() as Job;
      if (job.signal?.aborted) {
        job.reject(job.signal.reason);
        continue;
      }
      this.start(slot, job);
    }
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.timer = setTimeout(
      () => this.kill(slot, new FileProblem('failed', `parser timed out after ${describeMs(job.timeoutMs)}`)),
      job.timeoutMs,
    );
    if (job.signal) {
      const signal = job.signal;
      slot.onAbort = () => this.kill(slot, signal.reason);
      signal.addEventListener('abort', slot.onAbort, { once: true });
    }
    slot.worker.ref();
    slot.worker.postMessage(job.req);
  }

  /** Detaches the slot's job (timer, abort listener) and hands it to `fn`. */
  private settle(slot: Slot, fn: (job: Job) => void): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    if (job?.signal && slot.onAbort) job.signal.removeEventListener('abort', slot.onAbort);
    slot.job = null;
    slot.timer = null;
    slot.onAbort = null;
    slot.worker.unref();
    if (job) fn(job);
  }

  /** Ends a worker mid-job; its file fails with `reason`, the next job gets a fresh worker. */
  private kill(slot: Slot, reason: unknown): void {
    if (!this.slots.delete(slot)) return;
    this.settle(slot, (job) => job.reject(reason));
    void slot.worker.terminate();
    this.dispatch();
  }

  private spawn(): Slot {
    const options = {
      workerData: this.setup,
      execArgv: workerExecArgv(),
      resourceLimits: { maxOldGenerationSizeMb: this.maxOldGenMB },
    };
    const worker = /\.[mc]?ts$/.test(this.url.pathname)
      ? new Worker(tsBootstrap(this.url), { ...options, eval: true })
      : new Worker(this.url, options);
    const slot: Slot = { worker, job: null, timer: null, onAbort: null };
    this.slots.add(slot);
    worker.on('message', (reply: WorkerReply) => {
      if (!slot.job || slot.job.req.id !== reply.id) return;
      this.settle(slot, (job) =>
        reply.ok
          ? job.resolve({
              ...reply.doc,
              ...(reply.chunks ? { chunks: reply.chunks } : {}),
              ...(reply.rendered ? { rendered: { ...reply.rendered, png: Buffer.from(reply.rendered.png) } } : {}),
            })
          : job.reject(new FileProblem(reply.state, reply.message)),
      );
      this.dispatch();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const reason =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? 'parser ran out of memory'
          : `parser crashed: ${String(err.message).split('\n')[0]}`;
      this.kill(slot, new FileProblem('failed', reason));
    });
    worker.on('exit', (code) => {
      if (this.slots.has(slot)) this.kill(slot, new FileProblem('failed', `parser stopped unexpectedly (exit code ${code})`));
    });
    // Idle workers must not keep the process alive (the CLI exits when its work is done); busy ones do.
    worker.unref();
    return slot;
  }
}
