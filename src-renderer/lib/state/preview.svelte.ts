// The passage in its context: which file and passage the preview shows, and what the engine sent for it.
import type { FilePreview, Passage } from '../../../src-main/common/types';
import { invoke, toApiError } from '../api';

export class PreviewState {
  open = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  value = $state<FilePreview | null>(null);
  /** The file being shown (kept while the next passage loads). */
  path = $state('');
  private seq = 0;

  current = $derived(this.value ? (this.value.passages[this.value.current] ?? null) : null);
  hasPrevious = $derived(!!this.value && this.value.current > 0);
  hasNext = $derived(!!this.value && this.value.current < this.value.passages.length - 1);

  show(p: Pick<Passage, 'path' | 'start'>): Promise<void> {
    this.open = true;
    if (this.value?.path !== p.path) this.value = null; // never another file's text under this file's name
    return this.load(p.path, p.start);
  }

  /** The file's previous (-1) or next (+1) passage. */
  go(delta: -1 | 1): Promise<void> {
    const v = this.value;
    const target = v?.passages[v.current + delta];
    return v && target ? this.load(v.path, target.start) : Promise.resolve();
  }

  close(): void {
    this.open = false;
  }

  private async load(path: string, start: number): Promise<void> {
    const seq = ++this.seq; // a slower answer for an earlier click must not replace a later one
    this.path = path;
    this.loading = true;
    this.error = null;
    try {
      const v = await invoke('preview', { path, start });
      if (seq === this.seq) this.value = v;
    } catch (err) {
      if (seq === this.seq) {
        this.value = null;
        this.error = toApiError(err).message;
      }
    } finally {
      if (seq === this.seq) this.loading = false;
    }
  }
}
