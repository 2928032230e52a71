// Questions read the index side by side; swapping a rebuilt index in must wait until none is reading the old one,
// and questions that arrive meanwhile wait for the new one. A readers-writer gate for one process.
export class Readers {
  private reading = 0;
  private drained: (() => void) | null = null;
  private exclusiveRun: Promise<void> | null = null;

  async read<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusiveRun) await this.exclusiveRun;
    this.reading++;
    try {
      return await work();
    } finally {
      this.reading--;
      if (this.reading === 0) this.drained?.();
    }
  }

  /** Runs `work` once no reader is inside; readers arriving meanwhile wait for it. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusiveRun) await this.exclusiveRun;
    let release!: () => void;
    this.exclusiveRun = new Promise<void>((r) => (release = r));
    try {
      if (this.reading > 0) await new Promise<void>((r) => (this.drained = r));
      return await work();
    } finally {
      this.drained = null;
      this.exclusiveRun = null;
      release();
    }
  }
}
