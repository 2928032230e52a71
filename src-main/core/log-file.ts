// The engine's log on disk, in the data folder (readable by the user alone, like the rest of it): one line per
// event, appended; when the file passes `maxBytes` it becomes engine.log.1 (and .1 becomes .2, …), `keep` files in
// all, so a long-running app never grows its log without bound. Writes are synchronous and small (a line at a time),
// and a failed write is dropped: logging must never stop the engine.
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface LogFileOptions {
  maxBytes?: number;
  keep?: number;
}

export class RotatingLog {
  readonly path: string;
  private size: number;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly dir: string,
    name = 'engine.log',
    opts: LogFileOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? 1024 * 1024;
    this.keep = Math.max(1, opts.keep ?? 3);
    this.path = join(dir, name);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      // the folder is made by the engine's data dir setup; a failure here only loses the log
    }
    this.size = existsSync(this.path) ? statSync(this.path).size : 0;
  }

  /** Appends one line, stamped with the time (ISO 8601, UTC). */
  write(line: string): void {
    const text = `${new Date().toISOString()} ${line.replace(/\r?\n/g, ' ⏎ ')}\n`;
    try {
      if (this.size + text.length > this.maxBytes && this.size > 0) this.rotate();
      appendFileSync(this.path, text, { mode: 0o600 });
      this.size += Buffer.byteLength(text);
    } catch {
      // a full disk or a removed folder: the line is lost, the engine goes on
    }
  }

  private rotate(): void {
    const at = (n: number): string => (n === 0 ? this.path : `${this.path}.${n}`);
    rmSync(at(this.keep - 1), { force: true });
    for (let n = this.keep - 2; n >= 0; n--) if (existsSync(at(n))) renameSync(at(n), at(n + 1));
    this.size = 0;
  }
}
