// Path display helpers; paths come from the engine and may be POSIX or Windows.
export function baseName(p: string): string {
  const parts = p.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? p;
}

export function relativeTo(root: string, p: string): string {
  const r = root.replace(/[\\/]+$/, '');
  if (p.startsWith(r) && (p[r.length] === '/' || p[r.length] === '\\')) return p.slice(r.length + 1);
  return p;
}

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating…';
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const m = Math.round(seconds / 60);
  return m < 90 ? `${m} min` : `${Math.round(m / 60)} h`;
}
