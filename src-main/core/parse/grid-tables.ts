// Tables drawn with characters in plain text and reStructuredText: borders of "+", "-" or "=" and cells between
// "|" (reST grid tables, the tables of a page that a text browser such as w3m rendered, a database shell's output).
// Read line by line as prose, such a table is one paragraph of pipes and dashes in which a wrapped cell's words are
// interleaved with its neighbours'. Read as a table, each row is one block whose cells are named by the header row,
// as the tables of HTML, PDF and spreadsheets are (HeaderedRows).
import type { Block } from '../../common/types.js';
import { HeaderedRows, readsAsHeader } from './blocks.js';
import type { Line } from './lines.js';

/** A border or a rule between rows: "+----+----+", "|----+----|", "+====+====+" (reST's rule under the header). */
const RULE = /^[+|][-=+|:]*[-=][-=+|:]*[+|]$/;
/** RULE on any line of a text, indented or not. */
const ANY_RULE = new RegExp(`^[ \\t]*${RULE.source.slice(1, -1)}[ \\t]*$`, 'm');

/** Whether any line of the text could be a table's top border (one scan, before looking at every line's start). */
export function mayHoldGridTable(text: string): boolean {
  return ANY_RULE.test(text);
}

/** Under this many columns it is not a table (a box drawn around a note). */
const MIN_COLUMNS = 2;

/** The table starting at `all[i]` (its top border), as one block per row, and the index of the line after it. */
export function gridTableAt(all: readonly Line[], i: number): { blocks: Block[]; next: number } | null {
  const top = all[i];
  if (!top) return null;
  const indent = top.text.length - top.text.trimStart().length;
  const body = (l: Line): string => l.text.slice(indent).trimEnd();
  if (!RULE.test(body(top))) return null;
  let next = i + 1;
  for (; next < all.length; next++) {
    const l = all[next] as Line;
    const t = body(l);
    if (l.text.slice(0, indent).trim() || !/^[+|]/.test(t) || !/[+|]$/.test(t)) break;
  }
  const table = all.slice(i, next);
  const isRule = table.map((l) => RULE.test(body(l)));
  if (table.length < 3 || !isRule[isRule.length - 1]) return null;
  const content = table.filter((_, k) => !isRule[k]).map(body);
  if (!content.length) return null;

  // a column edge is where every line of cells has a "|"
  const width = content.reduce((w, t) => Math.min(w, t.length), Infinity);
  const edges: number[] = [];
  for (let x = 0; x < width; x++) if (content.every((t) => t[x] === '|')) edges.push(x);
  if (edges[0] !== 0 || content.some((t) => t.length - 1 !== edges[edges.length - 1]) || edges.length - 1 < MIN_COLUMNS)
    return null;

  // rows: the lines between two rules; where rules only frame the table, or the table and its header (a database
  // shell's output), each line is a row of its own
  const groups: Line[][] = [[]];
  table.forEach((l, k) => {
    if (isRule[k]) {
      if ((groups[groups.length - 1] as Line[]).length) groups.push([]);
    } else (groups[groups.length - 1] as Line[]).push(l);
  });
  if (!(groups[groups.length - 1] as Line[]).length) groups.pop();
  const rows =
    groups.length === 1
      ? (groups[0] as Line[]).map((l) => [l])
      : groups.length === 2 && (groups[1] as Line[]).length > 1
        ? [groups[0] as Line[], ...(groups[1] as Line[]).map((l) => [l])]
        : groups;

  const cellsOf = (lines: Line[]): string[] =>
    edges.slice(1).map((edge, c) =>
      lines
        .map((l) =>
          body(l)
            .slice((edges[c] as number) + 1, edge)
            .trim(),
        )
        .filter(Boolean)
        .join(' '),
    );
  const cells = rows.map(cellsOf);
  // reST marks the header with a rule of "="; otherwise the first row is one when a rule sets it apart and it reads
  // as one (a table with rules around it alone has no header)
  const ruleAfterFirst = table.findIndex((_, k) => k > 0 && isRule[k]);
  const marked = ruleAfterFirst > 0 && body(table[ruleAfterFirst] as Line).includes('=');
  const headed = marked || (groups.length > 1 && readsAsHeader((cells[0] as string[]).filter(Boolean)));
  const named = new HeaderedRows(headed);
  const blocks: Block[] = [];
  rows.forEach((lines, r) => {
    const text = named.text(cells[r] as string[]);
    if (text === null) return;
    const a = lines[0] as Line;
    const b = lines[lines.length - 1] as Line;
    blocks.push({ kind: 'paragraph', text, start: a.start + indent, end: b.start + indent + body(b).length, line: a.no });
  });
  return { blocks, next };
}
