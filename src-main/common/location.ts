// Where a passage is, for a reader, from its file's type and the page and line the parser gave it: the page of a
// PDF, the slide of a presentation, the chapter of an e-book, the sheet and row of a spreadsheet, the row of a CSV,
// the message of a mailbox, else the line of a text file; and a file inside its added folder. Shared by the window,
// the CLI and --json.

type Unit = 'page' | 'slide' | 'chapter' | 'sheet' | 'message';

const UNIT_BY_EXTENSION: Record<string, Unit> = {
  pdf: 'page',
  pptx: 'slide',
  odp: 'slide',
  epub: 'chapter',
  xlsx: 'sheet',
  ods: 'sheet',
  mbox: 'message',
  mbx: 'message',
};
/** Formats whose "line" is a table row. */
const ROWS = new Set(['xlsx', 'ods', 'csv', 'tsv', 'tab']);

function extension(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** "page 3", "slide 2", "chapter 4", "sheet 2, row 14", "row 9", "message 12", "line 40", or "" when unknown. */
export function locationLabel(p: { path: string; page: number | null; line: number | null }): string {
  const ext = extension(p.path);
  const parts: string[] = [];
  if (p.page) parts.push(`${UNIT_BY_EXTENSION[ext] ?? 'page'} ${p.page}`);
  if (p.line) parts.push(`${ROWS.has(ext) ? 'row' : 'line'} ${p.line}`);
  return parts.join(', ');
}

/** `p` inside `root`, for a reader (POSIX or Windows paths); `p` itself when it is not inside. */
export function relativeTo(root: string, p: string): string {
  const r = root.replace(/[\\/]+$/, '');
  if (p.startsWith(r) && (p[r.length] === '/' || p[r.length] === '\\')) return p.slice(r.length + 1);
  return p;
}

/** A copy of a shown passage, named inside its folder; a copy in another added folder says which folder first. */
export function copyName(shownRoot: string, copy: { root: string; path: string }): string {
  const rel = relativeTo(copy.root, copy.path);
  return copy.root === shownRoot ? rel : `${copy.root.split(/[\\/]/).filter(Boolean).pop() ?? copy.root}/${rel}`;
}
