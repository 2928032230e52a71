// A one-line progress bar on stderr (redrawn in place on a terminal, a line every few seconds otherwise).
import { filesShown } from '../common/progress.js';
import type { IndexProgress } from '../common/types.js';

function fmtEta(s: number | null): string {
  if (s == null || !Number.isFinite(s)) return '--';
  if (s < 60) return `${Math.round(s)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: IndexProgress) => void {
  const tty = stream.isTTY === true;
  let last = 0;
  return (p) => {
    const now = Date.now();
    const final = p.phase === 'done' || p.phase === 'cancelled' || p.phase === 'error';
    if (!final && now - last < (tty ? 100 : 3000)) return;
    last = now;
    if (p.phase === 'scanning') {
      stream.write(tty ? `\r\x1b[2Kscanning ${p.root}…` : `scanning ${p.root}\n`);
      return;
    }
    const frac = p.filesTotal ? filesShown(p) / p.filesTotal : 1;
    const width = 24;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const file = p.currentFile ? ` ${p.currentFile.length > 50 ? '…' + p.currentFile.slice(-49) : p.currentFile}` : '';
    const line = `${bar} ${p.filesDone}/${p.filesTotal} files  ${p.chunksDone} chunks  ${p.chunksPerSecond.toFixed(1)} chunks/s  ETA ${fmtEta(p.etaSeconds)}${final ? '' : file}`;
    stream.write(tty ? `\r\x1b[2K${line}${final ? '\n' : ''}` : `${line}\n`);
  };
}
