// Path display helpers; paths come from the engine and may be POSIX or Windows.
import { locationLabel, relativeTo } from '../../src-main/common/location.js';

export function baseName(p: string): string {
  const parts = p.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? p;
}

// shared with the CLI, which names files and copies of a passage the same way
export { copyName, relativeTo } from '../../src-main/common/location.js';

/** "1 file", "2 files", "14,191 passages": a count and its noun, singular for one. */
export function count(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;
}

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating…';
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const m = Math.round(seconds / 60);
  return m < 90 ? `${m} min` : `${Math.round(m / 60)} h`;
}

/** Where a passage is, for a reader: "page 3", "slide 2", "sheet 2, row 14", "line 12", else nothing. */
export function locationOf(p: { path: string; page: number | null; line: number | null }): string {
  return locationLabel(p);
}

/**
 * A passage as it is copied: its text, then a citation line with the file (inside its added folder, whose name
 * comes first) and the page or line, so a pasted quote still says where it comes from.
 */
export function withCitation(p: { text: string; path: string; root: string; page: number | null; line: number | null }): string {
  const file = p.path.startsWith(p.root)
    ? `${baseName(p.root)}/${relativeTo(p.root, p.path).replace(/\\/g, '/')}`
    : baseName(p.path);
  const where = locationOf(p);
  return `${p.text.trim()}\n\n— ${file}${where ? `, ${where}` : ''}`;
}
