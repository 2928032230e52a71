// What the shell around the window can do (native dialogs, opening files), and its last answer.
import type { AppInfo } from '../../../src-main/common/contract';
import type { Passage } from '../../../src-main/common/types';
import { invoke, isBrowserMode, toApiError } from '../api';
import { baseName, locationOf, withCitation } from '../paths';

export class ShellState {
  info = $state<AppInfo>({ shell: isBrowserMode ? 'browser' : 'electron', version: '' });
  /** A one-line note after Open / Show in folder / Copy (e.g. the path to copy in browser mode). */
  note = $state<{ text: string; path?: string; error?: boolean } | null>(null);

  browser = $derived(this.info.shell === 'browser');

  async load(): Promise<void> {
    try {
      this.info = await invoke('info', {});
    } catch {
      // keep the guess from isBrowserMode; the library panel reports connection errors
    }
  }

  async pickFolder(): Promise<string | null> {
    const { path } = await invoke('pickFolder', {});
    return path;
  }

  async open(p: Pick<Passage, 'path' | 'page' | 'line'>): Promise<void> {
    try {
      const req = { path: p.path, ...(p.page ? { page: p.page } : {}), ...(p.line ? { line: p.line } : {}) };
      const { opened } = await invoke('openPath', req);
      // the OS opens a file at its start: no portable way asks an app for a page or a line, so say where to look
      const where = locationOf(p);
      this.note = opened
        ? {
            text: where
              ? `Opened ${baseName(p.path)}; the passage is at ${where} (the app opens at the start of the file).`
              : `Opened ${baseName(p.path)}.`,
          }
        : { text: 'This browser window cannot launch apps on the computer; open the file yourself:', path: p.path };
    } catch (err) {
      this.note = { text: toApiError(err).message, error: true };
    }
  }

  async reveal(p: Passage): Promise<void> {
    try {
      const { shown } = await invoke('showInFolder', { path: p.path });
      this.note = shown ? null : { text: 'This browser window cannot open a file manager; the file is at:', path: p.path };
    } catch (err) {
      this.note = { text: toApiError(err).message, error: true };
    }
  }

  async copy(p: Passage): Promise<void> {
    try {
      await navigator.clipboard.writeText(withCitation(p));
      this.note = { text: 'Passage copied with its source.' };
    } catch {
      this.note = { text: 'The clipboard is not available here; select the passage text to copy it.', error: true };
    }
  }
}
