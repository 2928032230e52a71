// The library: folders, their files, and live indexing progress. A removal waits UNDO_MS with an Undo before it
// is sent: the engine's remove purges the passages for good, so the grace period lives here.
import type { FileStatus, FolderInfo, IndexProgress, IndexSummary, StatusInfo } from '../../../src-main/common/types';
import { invoke, onEvent, toApiError } from '../api';
import { baseName, count } from '../paths';

export const UNDO_MS = 8000;

export interface PendingRemoval {
  folder: FolderInfo;
  timer: ReturnType<typeof setTimeout>;
}

/** What the window says after a run: folders covered or absorbed, repairs, and a stop that left work undone. */
export function describeSummary(label: string, name: string, s: IndexSummary): string {
  const notes: string[] = [];
  for (const c of s.covered)
    notes.push(`${baseName(c.path)} is already in the library as part of ${baseName(c.by)}; nothing new to add.`);
  for (const a of s.absorbed) notes.push(`${baseName(a.path)} is now part of ${baseName(a.into)}; its passages are kept.`);
  const fixed = s.repaired ? s.repaired.mismatchedFiles + s.repaired.orphanRows + s.repaired.duplicateRows : 0;
  if (fixed) notes.push(`Repaired the index first (${count(fixed, 'problem')} fixed).`);
  if (!s.roots.length) return notes.join(' ');
  const parts = [
    `${s.indexed} indexed`,
    s.unchanged ? `${s.unchanged} unchanged` : '',
    s.skipped ? `${s.skipped} skipped` : '',
    s.failed ? `${s.failed} failed` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const done = s.cancelled
    ? `Stopped: ${parts}. ${name} is partly indexed; Resume finishes it.`
    : `${label}: ${parts} — ${count(s.chunks, 'passage')} in ${s.seconds.toFixed(1)} s.`;
  return [done, ...notes].join(' ');
}

export class LibraryState {
  status = $state<StatusInfo | null>(null);
  files = $state<Record<string, FileStatus[]>>({});
  progress = $state<IndexProgress | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  summary = $state<string | null>(null);
  loaded = $state(false);

  pending = $state<PendingRemoval | null>(null);

  folders = $derived((this.status?.folders ?? []).filter((f) => f.path !== this.pending?.folder.path));
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
    // a removal still waiting for its Undo is sent when the window closes or reloads: what was asked for is done
    const leaving = (): void => void this.flushRemoval();
    window.addEventListener('pagehide', leaving);
    this.offs.push(() => window.removeEventListener('pagehide', leaving));
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

  private async run(
    label: string,
    name: string,
    task: () => Promise<IndexSummary>,
    /** What a cancelled run says when it leaves nothing partly done (a rebuild is dropped whole). */
    stopped?: () => string,
  ): Promise<void> {
    await this.flushRemoval();
    this.busy = true;
    this.error = null;
    this.summary = null;
    this.progress = null;
    try {
      const s = await task();
      this.summary = s.cancelled && stopped ? stopped() : describeSummary(label, name, s);
      for (const r of s.roots) if (s.failed) await this.loadFiles(r);
    } catch (err) {
      const e = toApiError(err);
      if (e.code !== 'CANCELLED') this.error = e.message;
      else this.summary = stopped?.() ?? `${label} cancelled.`;
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  add(paths: string[]): Promise<void> {
    const name = paths.length === 1 ? baseName(paths[0] ?? '') : `${paths.length} folders`;
    return this.run(`Added ${name}`, name, () => invoke('addFolders', { paths }));
  }

  /** Every folder indexed again (with `model`) beside the live index, which answers until the new one moves in. */
  rebuild(model: string): Promise<void> {
    const from = this.status?.embeddingModel;
    const label = model === from ? 'Rebuilt the index' : `Rebuilt the index with ${model}`;
    return this.run(
      label,
      'The library',
      () => invoke('rebuildIndex', { embeddingModel: model }),
      () => (from && from !== model ? `Rebuild cancelled; the library still uses ${from}.` : 'Rebuild cancelled.'),
    );
  }

  reindex(path: string): Promise<void> {
    return this.run(`Re-indexed ${baseName(path)}`, baseName(path), () => invoke('reindex', { path }));
  }

  /** Hides the folder at once and removes it after UNDO_MS unless undone (a second removal sends the first). */
  async remove(folder: FolderInfo): Promise<void> {
    await this.flushRemoval();
    this.error = null;
    this.summary = null;
    this.pending = { folder, timer: setTimeout(() => void this.flushRemoval(), UNDO_MS) };
  }

  undoRemove(): void {
    if (!this.pending) return;
    clearTimeout(this.pending.timer);
    this.summary = `Kept ${baseName(this.pending.folder.path)}.`;
    this.pending = null;
  }

  /** Sends a scheduled removal now (its Undo time is over, or other work must not race it). */
  async flushRemoval(): Promise<void> {
    const p = this.pending;
    if (!p) return;
    clearTimeout(p.timer);
    try {
      const { removed, files } = await invoke('removeFolder', { path: p.folder.path });
      delete this.files[p.folder.path];
      this.summary = `Removed ${baseName(p.folder.path)}: ${count(files, 'file')} and ${count(removed, 'passage')} forgotten.`;
    } catch (err) {
      this.error = toApiError(err).message;
    } finally {
      this.pending = null;
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
