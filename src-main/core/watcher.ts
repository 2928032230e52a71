// Watches added folders; a burst of changes becomes one background re-index per folder (debounced).
import { watch, type FSWatcher } from 'node:fs';

export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly onChange: (root: string) => void,
    private readonly log: (line: string) => void,
    private readonly debounceMs = 1500,
  ) {}

  add(root: string): void {
    if (this.watchers.has(root)) return;
    try {
      const w = watch(root, { recursive: true, persistent: false }, (_event, name) => {
        if (name && /(^|[\\/])\./.test(String(name))) return; // hidden files are never indexed
        this.schedule(root);
      });
      w.on('error', (err) => this.log(`stopped watching ${root}: ${err.message}`));
      this.watchers.set(root, w);
    } catch (err) {
      this.log(`cannot watch ${root}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  remove(root: string): void {
    this.watchers.get(root)?.close();
    this.watchers.delete(root);
    clearTimeout(this.timers.get(root));
    this.timers.delete(root);
  }

  private schedule(root: string): void {
    clearTimeout(this.timers.get(root));
    this.timers.set(
      root,
      setTimeout(() => {
        this.timers.delete(root);
        this.onChange(root);
      }, this.debounceMs),
    );
  }

  close(): void {
    for (const root of [...this.watchers.keys()]) this.remove(root);
  }
}
