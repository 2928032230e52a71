// An onnxruntime session that lets go of its memory when it has not run for a while, and opens again on its next
// run. onnxruntime's CPU arena keeps the most any run needed (a batch of 32 passages of 256 tokens while indexing)
// for the session's life: in the app's long-running engine that was most of its resident memory when idle (issue
// #16, docs/performance.md). Runs in flight are never cut short: the session goes only when none is running.
import type * as ort from 'onnxruntime-node';

export class IdleSession {
  private session: Promise<ort.InferenceSession> | null;
  private active = 0;
  private timer: NodeJS.Timeout | null = null;
  /** How many times the session was opened again after a release (the tests read it). */
  reopened = 0;
  readonly inputNames: readonly string[];

  /**
   * `idleMs`: how long without a run before the session is released (Infinity: never, e.g. the CLI's one-shot
   * commands). `reopen` opens the same model on the same provider.
   */
  constructor(
    first: ort.InferenceSession,
    private readonly reopen: () => Promise<ort.InferenceSession>,
    private readonly idleMs: number,
  ) {
    this.session = Promise.resolve(first);
    this.inputNames = first.inputNames;
  }

  get loaded(): boolean {
    return this.session !== null;
  }

  async run(feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.active++;
    try {
      if (!this.session) {
        this.reopened++;
        this.session = this.reopen().catch((err: unknown) => {
          this.session = null;
          throw err;
        });
      }
      return await (await this.session).run(feeds);
    } finally {
      if (--this.active === 0 && Number.isFinite(this.idleMs)) {
        this.timer = setTimeout(() => void this.releaseIfIdle(), this.idleMs);
        this.timer.unref(); // an idle session never keeps the process alive
      }
    }
  }

  private async releaseIfIdle(): Promise<void> {
    this.timer = null;
    if (this.active === 0) await this.release();
  }

  async release(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.session;
    this.session = null;
    await (await s?.catch(() => null))?.release();
  }
}
