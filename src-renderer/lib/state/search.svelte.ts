// The question and its passages. A new question supersedes the one still running (the engine stops working on the
// old one, so it does not slow the new one down); Escape stops it.
import type { SearchResult } from '../../../src-main/common/types';
import { invoke, toApiError } from '../api';

export class SearchState {
  question = $state('');
  result = $state<SearchResult | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  /** The question being answered now (the field may already hold the next one). */
  asking = $state('');
  private running: AbortController | null = null;

  /** `asTyped`: search the words as typed, without the correction of misspelled words. */
  async ask(opts: { asTyped?: boolean } = {}): Promise<void> {
    const question = this.question.trim();
    if (!question || (this.busy && question === this.asking)) return;
    this.running?.abort(); // superseded: its answer would be for a question no longer asked
    const run = new AbortController();
    this.running = run;
    this.busy = true;
    this.asking = question;
    this.error = null;
    try {
      const result = await invoke('ask', { question, ...(opts.asTyped ? { spelling: false } : {}) }, run.signal);
      if (this.running === run) this.result = result;
    } catch (err) {
      const e = toApiError(err);
      if (this.running !== run || e.code === 'CANCELLED') return; // superseded or stopped: nothing to report
      this.result = null;
      this.error = e.message;
    } finally {
      if (this.running === run) {
        this.running = null;
        this.busy = false;
        this.asking = '';
      }
    }
  }

  /** Stops the question being answered; the last results stay. */
  stop(): void {
    if (!this.running) return;
    this.running.abort();
    this.running = null;
    this.busy = false;
    this.asking = '';
  }

  clear(): void {
    this.result = null;
    this.error = null;
  }
}
