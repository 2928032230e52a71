// The library as this process sees it: the catalog (re-read when another process changed it), the write gate every
// change passes through, and the questions in flight. A rebuild another process completed, or one a crash left
// half swapped, is moved in (store/shadow.ts) before the next write or read, once no question reads the old index.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckReport } from '../common/types.js';
import { Readers } from './readers.js';
import { Catalog } from './store/catalog.js';
import { describeReport } from './store/check.js';
import { finishSwap, swapDue, type ShadowTarget } from './store/shadow.js';
import { WriteGate } from './write-gate.js';

export interface LiveLibraryDeps {
  dataDir: string;
  log: (line: string) => void;
  /** Checks the table against the catalog and repairs (store/check.ts); `purge` drops old versions too. */
  repair: (purge: boolean) => Promise<CheckReport>;
  /** Lets go of the live table (it is about to be moved aside). */
  release: () => Promise<void>;
  /** A rebuild moved in, made with `target`'s model. */
  swapped: (target: ShadowTarget) => void;
}

export class LiveLibrary {
  private stamp = '';
  private readonly gate: WriteGate;
  private readonly readers = new Readers();

  constructor(
    private readonly deps: LiveLibraryDeps,
    public catalog: Catalog,
  ) {
    this.gate = new WriteGate(deps.dataDir);
  }

  /**
   * Another process (the CLI, the app) may have indexed since: re-read the catalog, but only when its file
   * changed, so a question does not parse a large catalog every time.
   */
  async refresh(): Promise<void> {
    const st = await stat(join(this.deps.dataDir, 'catalog.json')).catch(() => null);
    const stamp = st ? `${st.mtimeMs}:${st.size}` : 'none';
    if (stamp === this.stamp) return;
    this.catalog = await Catalog.load(this.deps.dataDir, this.deps.log);
    this.stamp = stamp;
  }

  /**
   * Every change to the library goes through the write gate. A write a dead process left unfinished, a catalog of
   * an older version, or a Re-index is answered first by a check and repair, whose report the work receives.
   */
  write<T>(op: string, work: (repaired: CheckReport | null) => Promise<T>, alwaysCheck = false): Promise<T> {
    return this.gate.run(op, async (left) => {
      await this.swapIn();
      await this.refresh();
      let repaired: CheckReport | null = null;
      if (left || alwaysCheck || this.catalog.migrated) {
        repaired = await this.deps.repair(left?.op === 'remove');
        if (left)
          this.deps.log(
            `the last ${left.op} did not finish; checked the library: ${describeReport(repaired).join(' ') || 'nothing to repair'}`,
          );
      }
      return work(repaired);
    });
  }

  /** What a question or status reads first: a swap that is due is finished (through the gate), the catalog fresh. */
  async beforeRead(): Promise<void> {
    if (await swapDue(this.deps.dataDir)) await this.write('swap', async () => undefined);
    await this.refresh();
  }

  /** A question: the index it reads is not swapped under it. */
  read<T>(work: () => Promise<T>): Promise<T> {
    return this.readers.read(work);
  }

  /** Under the gate: a complete rebuild moves in once no question reads the old index. */
  async swapIn(): Promise<void> {
    if (!(await swapDue(this.deps.dataDir))) return;
    await this.readers.exclusive(async () => {
      await this.deps.release();
      const target = await finishSwap(this.deps.dataDir);
      if (!target) return;
      this.stamp = '';
      await this.refresh();
      this.deps.swapped(target);
    });
  }

  /** Resolves when no write is running or queued. */
  idle(): Promise<void> {
    return this.gate.idle();
  }
}
