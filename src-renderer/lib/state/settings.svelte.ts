// Retrieval settings, read and written through getSettings / setSettings.
import type { Settings } from '../../../src-main/common/types';
import { invoke, toApiError } from '../api';

export class SettingsState {
  value = $state<Settings | null>(null);
  open = $state(false);
  saving = $state(false);
  error = $state<string | null>(null);
  saved = $state(false);

  async load(): Promise<void> {
    try {
      this.value = await invoke('getSettings', {});
    } catch (err) {
      this.error = toApiError(err).message;
    }
  }

  async save(next: Settings): Promise<void> {
    this.saving = true;
    this.error = null;
    this.saved = false;
    try {
      this.value = await invoke('setSettings', next);
      this.saved = true;
    } catch (err) {
      this.error = toApiError(err).message;
    } finally {
      this.saving = false;
    }
  }
}
