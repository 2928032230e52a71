// Retrieval settings, read and written through getSettings / setSettings.
import { DEFAULT_SETTINGS, type InstalledModels, type Settings } from '../../../src-main/common/types';
import { invoke, toApiError } from '../api';

export class SettingsState {
  value = $state<Settings | null>(null);
  open = $state(false);
  saving = $state(false);
  error = $state<string | null>(null);
  saved = $state(false);
  models = $state<InstalledModels>({ embedding: [], reranker: [] });
  /** The embedding model changed: the library must be indexed again before it can be searched. */
  needsRebuild = $state(false);
  rebuilding = $state(false);

  async load(): Promise<void> {
    try {
      const [value, models] = await Promise.all([invoke('getSettings', {}), invoke('listModels', {})]);
      this.value = value;
      this.models = models;
    } catch (err) {
      this.error = toApiError(err).message;
    }
  }

  /** A value that cannot be saved, said as the field's label would say it; null when all are fine. */
  static problem(next: Settings): string | null {
    const whole = (v: unknown, lo: number, hi: number): boolean =>
      typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
    if (!whole(next.candidates, 1, 1000)) return 'Candidates to re-rank: enter a whole number from 1 to 1000.';
    if (!(typeof next.maxFileMB === 'number' && next.maxFileMB >= 1 && next.maxFileMB <= 4096))
      return 'Largest file: enter a size from 1 to 4096 MB.';
    return null;
  }

  async save(next: Settings): Promise<void> {
    this.error = SettingsState.problem(next);
    this.saved = false;
    if (this.error) return;
    this.saving = true;
    const before = this.value?.embeddingModel;
    try {
      this.value = await invoke('setSettings', next);
      this.saved = true;
      if (before !== undefined && before !== this.value.embeddingModel) this.needsRebuild = true;
    } catch (err) {
      this.error = toApiError(err).message;
    } finally {
      this.saving = false;
    }
  }

  /** The defaults, to be reviewed and saved (nothing changes until Save). */
  defaults(): Settings {
    return { ...DEFAULT_SETTINGS, excludes: [...DEFAULT_SETTINGS.excludes] };
  }

  async rebuild(): Promise<void> {
    this.rebuilding = true;
    this.error = null;
    try {
      await invoke('rebuildIndex', {});
      this.needsRebuild = false;
    } catch (err) {
      this.error = toApiError(err).message;
    } finally {
      this.rebuilding = false;
    }
  }
}
