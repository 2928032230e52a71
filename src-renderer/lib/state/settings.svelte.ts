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
  /**
   * A rebuild waiting for the user's yes: the embedding model it is for. A library with folders changes its model
   * only by a rebuild (the engine refuses a bare change), so Save asks first.
   */
  confirming = $state<string | null>(null);

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

  /**
   * Saves `next`; with `indexed` (the library has folders), another embedding model is not saved but asked about
   * (`confirming`), and the other fields wait for the answer too.
   */
  async save(next: Settings, indexed = false): Promise<void> {
    this.error = SettingsState.problem(next);
    this.saved = false;
    if (this.error) return;
    const current = this.value?.embeddingModel;
    if (indexed && current !== undefined && next.embeddingModel !== current) {
      this.confirming = next.embeddingModel;
      return;
    }
    this.saving = true;
    try {
      this.value = await invoke('setSettings', next);
      this.saved = true;
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

  /**
   * The user said yes to a rebuild with `model`: the other fields are saved with the current model, and `start`
   * runs the rebuild (the library shows its progress); the model is saved by the engine when it completes.
   */
  async confirmRebuild(next: Settings, model: string, start: (model: string) => void): Promise<void> {
    this.confirming = null;
    await this.save({ ...next, embeddingModel: this.value?.embeddingModel ?? model });
    if (this.error) return;
    this.saved = false;
    start(model);
  }
}
