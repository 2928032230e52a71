// Tables as PostgreSQL's psql prints them: no outer border, a header line over a rule of "-" and "+", one line per
// row with "|" under each "+", then "(N rows)". Saved sessions put them right under the query line. Each row is read
// as one block whose values are named by the header, as the tables of the other formats are (HeaderedRows).
import type { Block } from '../../common/types.js';
import { HeaderedRows } from './blocks.js';
import type { Line } from './lines.js';

/** The rule under a header that PostgreSQL's psql prints: "----+-------+------" (no outer border). */
const PSQL_RULE = /^[ \t]*-+(?:\+-+)+[ \t]*$/;
const ANY_PSQL_RULE = new RegExp(PSQL_RULE.source, 'm');
/** psql's count under a table: "(3 rows)". */
const PSQL_FOOTER = /^\(\d+ rows?\)[ \t]*$/;

/** Whether any line of the text could be the rule under a psql header (one scan of the whole text). */
export function mayHoldPsqlTable(text: string): boolean {
  return ANY_PSQL_RULE.test(text);
}

/**
 * A table as psql prints it, its header at `all[i]`: " id | name | city" over "----+------+------", then one line per
 * row with "|" under each "+", then "(N rows)". A block per row, named by the header; the index of the line after it.
 */
export function psqlTableAt(all: readonly Line[], i: number): { blocks: Block[]; next: number } | null {
  const head = all[i];
  const rule = all[i + 1];
  if (!head || !rule || !PSQL_RULE.test(rule.text)) return null;
  const edges: number[] = [];
  for (let x = 0; x < rule.text.length; x++) if (rule.text[x] === '+') edges.push(x);
  const fits = (t: string): boolean => t.length > edges[edges.length - 1]! && edges.every((x) => t[x] === '|');
  if (!fits(head.text)) return null;
  const cellsOf = (t: string): string[] => [-1, ...edges].map((x, c) => t.slice(x + 1, edges[c] ?? t.length).trim());
  const named = new HeaderedRows(true);
  const blocks: Block[] = [];
  const add = (l: Line): void => {
    const text = named.text(cellsOf(l.text));
    const start = l.start + (l.text.length - l.text.trimStart().length);
    if (text !== null) blocks.push({ kind: 'paragraph', text, start, end: l.start + l.text.trimEnd().length, line: l.no });
  };
  add(head);
  let next = i + 2;
  for (; next < all.length; next++) {
    const l = all[next] as Line;
    if (PSQL_FOOTER.test(l.text.trim())) {
      next++;
      break;
    }
    if (!fits(l.text)) break;
    add(l);
  }
  return { blocks, next };
}
