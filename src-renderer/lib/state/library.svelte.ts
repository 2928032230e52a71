// The library: folders, their files, and live indexing progress.
import type { FileStatus, IndexProgress, IndexSummary, StatusInfo } from '../../../src-main/common/types';
import { invoke, onEvent, toApiError } from '../api';
import { baseName } from '../paths';

export class LibraryState {
  status = $state<StatusInfo | null>(null);
  files = $state<Record<string, FileStatus[]>>({});
  progress = $state<IndexProgress | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  summary = $state<string | null>(null);
  loaded = $state(false);

  folders = $derived(this.status?.folders ?? []);
  isEmpty = $derived(this.loaded && this.folders.length === 0);
  indexing = $derived(this.busy || (this.status?.indexing ?? false));

  private offs: (() => void)[] = [];

  start(): void {
    this.offs.push(
      onEvent('progress', (p) => {
        this.progress = p;
      }),
      onEvent('library', () => void this.refresh()),
    );
    void this.refresh();
  }

  stop(): void {
    this.offs.forEach((off) => off());
    this.offs = [];
  }

  async refresh(): Promise<void> {
    try {
      this.status = await invoke('status', {});
      this.loaded = true;
      for (const root of Object.keys(this.files)) {
        if (this.folders.some((f) => f.path === root)) await this.loadFiles(root);
        else delete this.files[root];
      }
    } catch (err) {
      this.error = toApiError(err).message;
    }
  }

  async loadFiles(root: string): Promise<void> {
    try {
      this.files[root] = await invoke('files', { root });
    } catch (err) {
      this.error = toApiError(err).message;
    }
  }

  private async run(label: string, task: () => Promise<IndexSummary>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.summary = null;
    this.progress = null;
    try {
      const s = await task();
      const parts = [`${s.indexed} indexed`, s.unchanged ? `${s.unchanged} unchanged` : '', s.skipped ? `${s.skipped} skipped` : '', s.failed ? `${s.failed} failed` : '']
        .filter(Boolean)
        .join(', ');
      this.summary = s.cancelled ? `${label} cancelled: ${parts}.` : `${label}: ${parts} — ${s.chunks} passages in ${s.seconds.toFixed(1)} s.`;
      for (const r of s.roots) if (s.failed) await this.loadFiles(r);
    } catch (err) {
      const e = toApiError(err);
      if (e.code !== 'CANCELLED') this.error = e.message;
      else this.summary = `${label} cancelled.`;
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  add(paths: string[]): Promise<void> {
    const label = paths.length === 1 ? `Added ${baseName(paths[0] ?? '')}` : `Added ${paths.length} folders`;
    return this.run(label, () => invoke('addFolders', { paths }));
  }

  reindex(path: string): Promise<void> {
    return this.run(`Re-indexed ${baseName(path)}`, () => invoke('reindex', { path }));
  }

  async remove(path: string): Promise<void> {
    this.error = null;
    try {
      await invoke('removeFolder', { path });
      delete this.files[path];
      this.summary = `Removed ${baseName(path)} from the library.`;
    } catch (err) {
      this.error = toApiError(err).message;
    }
    await this.refresh();
  }

  async cancel(): Promise<void> {
    try {
      await invoke('cancelIndex', {});
    } catch (err) {
      this.error = toApiError(err).message;
    }
  }
}
