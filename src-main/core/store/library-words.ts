// The library's words (spelling correction's dictionary), kept exact against the table by the store's own commits,
// so that no question reads the whole table's text: each text commit subtracts the rows it replaces and adds the new
// ones, index commits carry them, and the end of a write saves them beside the table for the next process
// (words-file.ts). They are exact at one table version, the key: another process may write the table, and any
// commit the bookkeeping did not see drops them, to be read again from the table once.
import { rm } from 'node:fs/promises';
import { WordCounts } from '../search/spelling.js';
import { readWords, savedAt, writeWords } from './words-file.js';

/** What the words need of the table. */
export interface WordSource {
  /** The latest committed version (another process's commits included). */
  version(): Promise<number>;
  rows(): Promise<number>;
  /** The text of every row matching `where` (SQL), or of every row. */
  texts(where?: string): AsyncIterable<string>;
}

export class LibraryWords {
  /** The words, exact at `version`. */
  private exact: { version: number; counts: WordCounts } | null = null;
  /** A read of the whole table in progress (one at a time, shared by the questions waiting for it). */
  private reading: { version: number; counts: Promise<WordCounts> } | null = null;
  /** Commits of this process in flight (`during`): questions meanwhile take the words as they are. */
  private writing = 0;
  /** Whether this process has changed the text since it opened the table, and the version it last saved at. */
  private textChanged = false;
  private savedVersion = -1;
  /** How many times every passage's text was read (tests and the bench watch it). */
  scans = 0;

  constructor(
    private readonly table: WordSource,
    private readonly path: string,
  ) {}

  /**
   * Runs one commit that changes the text: the rows matching `leaving` (SQL; 'true' for all) go, `added` texts come.
   * The words follow it when they were exact just before and it was the only commit since (version + 1). The caller
   * runs this process's commits one at a time, each inside `during`, so only another process's commit can break that.
   */
  async change(leaving: string | null, added: readonly string[], commit: () => Promise<unknown>): Promise<void> {
    this.textChanged = true;
    try {
      const before = await this.table.version();
      const counts = await this.exactOrSaved(before);
      // every row leaving (a clear) needs no read: the words all go
      const gone: string[] = [];
      if (counts && leaving && leaving !== 'true') for await (const t of this.table.texts(leaving)) gone.push(t);
      await commit();
      if (!counts || (await this.table.version()) !== before + 1) {
        this.exact = null;
        return;
      }
      if (leaving === 'true') counts.clear();
      for (const t of gone) counts.remove(t);
      for (const t of added) counts.add(t);
      this.exact = counts.drifted ? null : { version: before + 1, counts };
    } catch (err) {
      this.exact = null;
      throw err;
    }
  }

  /**
   * After `commits` commits of this process that changed no text (indices, compaction): the words follow them when
   * nothing else committed, and are saved. When this process changed the text but lost track of the words, they are
   * read again here, at the end of the write, so that the next question need not; a save that no longer matches goes
   * (a purge must not leave the words of removed text on disk).
   */
  async settle(before: number, commits: number): Promise<void> {
    const after = await this.table.version();
    if (this.exact?.version === before && after === before + commits) this.exact = { ...this.exact, version: after };
    if (this.exact?.version === after) {
      if (this.savedVersion !== after) await this.save(after, this.exact.counts);
    } else if (this.textChanged) {
      this.exact = null;
      const counts = await this.at(after);
      // kept and saved here, inside the write (a question's read during a write keeps nothing): no commit of this
      // process can come between, so the words are exact at `after` unless another process committed
      if ((await this.table.version()) === after) {
        this.exact = { version: after, counts };
        if (this.savedVersion !== after) await this.save(after, counts);
      }
    } else {
      this.exact = null;
      if (!(await savedAt(this.path, after, await this.table.rows()))) await rm(this.path, { force: true });
    }
  }

  /**
   * Runs `work`, a commit of this process (text, indices, compaction), as one write: questions meanwhile take the
   * words as they were before it. An index commit changes no words but moves the version on before `settle` moves the
   * words with it; a question that looked in between found the words a version behind and read the whole table.
   */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.writing++;
    try {
      return await work();
    } finally {
      this.writing--;
    }
  }

  /** The words now: during this process's own commit, a commit behind at most (good enough for a question). */
  async current(): Promise<WordCounts> {
    if (this.writing && this.exact) return this.exact.counts;
    const version = await this.table.version();
    // a commit may have begun while the version was read: the version seen can be that commit's
    if (this.writing && this.exact) return this.exact.counts;
    return this.at(version);
  }

  private at(version: number): Promise<WordCounts> {
    if (this.exact?.version === version) return Promise.resolve(this.exact.counts);
    if (this.reading?.version !== version) {
      const read = this.read(version);
      this.reading = { version, counts: read };
      const done = (): void => {
        if (this.reading?.counts === read) this.reading = null;
      };
      read.then(done, done);
    }
    return this.reading.counts;
  }

  /** The words at `version`: the saved ones when exact, else a read of every passage's text, saved for next time. */
  private async read(version: number): Promise<WordCounts> {
    const saved = await this.exactOrSaved(version);
    if (saved) return saved;
    const counts = new WordCounts();
    this.scans++;
    for await (const t of this.table.texts()) counts.add(t);
    // the read saw the latest version: it is `version` only if nothing was committed meanwhile
    if ((await this.table.version()) === version && !this.writing) {
      this.exact = { version, counts };
      await this.save(version, counts);
    }
    return counts;
  }

  /** The words exact at `version` if kept or saved: never a read of the whole table. */
  private async exactOrSaved(version: number): Promise<WordCounts | null> {
    if (this.exact?.version === version) return this.exact.counts;
    const rows = await this.table.rows();
    const counts = rows === 0 ? new WordCounts() : await readWords(this.path, version, rows);
    // a miss leaves what is kept: the words of another version are still exact there (a write moves them on)
    if (counts) this.exact = { version, counts };
    return counts;
  }

  private async save(version: number, counts: WordCounts): Promise<void> {
    await writeWords(this.path, version, await this.table.rows(), counts);
    this.savedVersion = version;
  }
}
