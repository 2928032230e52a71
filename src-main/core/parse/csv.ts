// CSV and TSV through csv-parse (quoting, embedded newlines and separators as RFC 4180 has them; the delimiter is
// a comma for .csv, a tab for .tsv and .tab). Each row becomes a passage of its own carrying the header row
// ("Item: copper wire; Warehouse: Gull Island depot"), located at its row.
import { parse } from 'csv-parse/sync';
import type { Block } from '../../common/types.js';
import { BlockBuilder, sheetBlocks } from './blocks.js';
import { FileProblem } from './problem.js';

export function parseCsv(text: string, delimiter: ',' | '\t'): Block[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false, // an empty line is an empty record: line numbers stay exact
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new FileProblem('failed', `unreadable ${delimiter === ',' ? 'CSV' : 'TSV'} (${msg.split('\n')[0]})`);
  }
  const out = new BlockBuilder();
  let prevEnd = 0;
  // info.lines is the line a record ends on; a row starts on the line after the previous one ended
  sheetBlocks(
    out,
    records.map(({ record, info }) => {
      const row = { cells: record, rowNumber: prevEnd + 1 };
      prevEnd = info.lines;
      return row;
    }),
  );
  if (!out.blocks.length) throw new FileProblem('skipped', 'no text in file');
  return out.blocks;
}
