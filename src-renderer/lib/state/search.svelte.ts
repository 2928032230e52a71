// The question and its passages.
import type { SearchResult } from '../../../src-main/common/types';
import { invoke, toApiError } from '../api';

export class SearchState {
  question = $state('');
  result = $state<SearchResult | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);

  async ask(): Promise<void> {
    const question = this.question.trim();
    if (!question || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      this.result = await invoke('ask', { question });
    } catch (err) {
      this.result = null;
      this.error = toApiError(err).message;
    } finally {
      this.busy = false;
    }
  }

  clear(): void {
    this.result = null;
    this.error = null;
  }
}
