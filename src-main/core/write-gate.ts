// Every change to the library passes through one gate: serialized in this process, under the cross-process index
// lock, with the unfinished-write marker (store/journal.ts) set while it runs. A marker a dead process left stays
// in place until the next write completes, so a crash during the repair it triggers is noticed again.
import { acquireIndexLock } from './lock.js';
import { beginWrite, endWrite, unfinished, type Unfinished } from './store/journal.js';

export class WriteGate {
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  /** Runs `work` through the gate; it learns what a dead process left unfinished, if anything. */
  run<T>(op: string, work: (left: Unfinished | null) => Promise<T>): Promise<T> {
    const job = async (): Promise<T> => {
      const lock = await acquireIndexLock(this.dataDir);
      try {
        const left = await unfinished(this.dataDir);
        if (!left) await beginWrite(this.dataDir, op);
        const result = await work(left);
        // only a write that completed clears the marker: an error leaves it for the next write's check
        await endWrite(this.dataDir);
        return result;
      } finally {
        await lock.release();
      }
    };
    const run = this.running.then(job, job);
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Resolves when no write is running or queued. */
  async idle(): Promise<void> {
    await this.running;
  }
}
