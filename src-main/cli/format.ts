import { basename, relative } from 'node:path';
import { copyName } from '../common/location.js';
import type { CheckReport, IndexSummary, SearchResult, StatusInfo } from '../common/types.js';
import { relevanceBand } from '../common/relevance.js';
import { describeReport } from '../core/store/check.js';
import { threadsLabel } from '../common/device.js';

/** How many copies of a passage the text output names (the window names as many, then "N more"). */
const COPIES_NAMED = 3;

export function formatSummary(s: IndexSummary): string {
  const lines: string[] = [];
  if (s.repaired) lines.push(...describeReport(s.repaired).map((l) => `Repaired: ${l}`));
  for (const c of s.covered) lines.push(`${c.path} is already in the library as part of ${c.by}; nothing new to add.`);
  for (const a of s.absorbed) lines.push(`${a.path} is now part of ${a.into} (its passages are kept).`);
  if (!s.roots.length) return lines.join('\n');
  lines.push(
    `${s.cancelled ? 'Cancelled' : 'Indexed'} ${s.roots.join(', ')} in ${s.seconds.toFixed(1)} s on ${s.device}`,
    `  files: ${s.indexed} indexed, ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.failed} failed, ${s.removed} removed`,
    `  chunks written: ${s.chunks}`,
  );
  if (s.cancelled) lines.push(`  partly indexed: run the same command again to resume`);
  if (s.problems.length) {
    lines.push('  problems:');
    for (const p of s.problems.slice(0, 50)) lines.push(`    ${p.state.padEnd(7)} ${p.path}: ${p.reason ?? ''}`);
    if (s.problems.length > 50) lines.push(`    … and ${s.problems.length - 50} more (parascope status)`);
  }
  return lines.join('\n');
}

/** A result as the terminal shows it; `timings: false` (`--quiet`) leaves out the line of stage times. */
export function formatResult(r: SearchResult, { timings = true }: { timings?: boolean } = {}): string {
  if (!r.passages.length) return `No passages found for "${r.question}".`;
  const out: string[] = [];
  if (r.correctedQuestion)
    out.push(`Searched for "${r.correctedQuestion}" (misspelled words corrected; --as-typed searches your words).`, '');
  if (r.noGoodMatch) out.push('No good match in your documents; the closest passages:', '');
  r.passages.forEach((p, i) => {
    const where = p.location;
    out.push(
      `${i + 1}. ${basename(p.path)}  (${relative(p.root, p.path)}${where ? ', ' + where : ''})  ${relevanceBand(p.relevance)} (${Math.round(p.relevance * 100)}%)`,
    );
    if (p.heading) out.push(`   § ${p.heading}`);
    if (p.alsoIn?.length) {
      const named = p.alsoIn.slice(0, COPIES_NAMED).map((c) => copyName(p.root, c) + (c.location ? `, ${c.location}` : ''));
      const more = p.alsoIn.length - named.length;
      out.push(`   also in ${named.join('; ')}${more ? ` and ${more} more (--json lists them)` : ''}`);
    }
    out.push(
      p.text
        .split('\n')
        .map((l) => `   ${l}`)
        .join('\n'),
    );
    out.push('');
  });
  if (!timings) return out.slice(0, -1).join('\n');
  const t = r.timings;
  out.push(`(embed ${t.embedMs.toFixed(0)} ms, search ${t.searchMs.toFixed(0)} ms, re-rank ${t.rerankMs.toFixed(0)} ms)`);
  return out.join('\n');
}

export function formatStatus(s: StatusInfo): string {
  const lines = [
    `Data dir: ${s.dataDir}`,
    `Device: ${s.device}; ${threadsLabel(s.threads)}`,
    `Models: ${s.embeddingModel} (embedding), ${s.rerankerModel} (re-ranking)`,
    `Folders: ${s.folders.length}, files: ${s.files}, chunks: ${s.chunks}`,
  ];
  for (const f of s.folders) {
    const partial = f.partial ? ' (partly indexed: parascope index it again to resume)' : '';
    lines.push(`  ${f.path}: ${f.files} files, ${f.chunks} chunks, ${f.skipped} skipped, ${f.failed} failed${partial}`);
  }
  if (s.problems.length) {
    lines.push('Problems:');
    for (const p of s.problems) lines.push(`  ${p.state.padEnd(7)} ${p.path}: ${p.reason ?? ''}`);
  }
  return lines.join('\n');
}

export function formatCheck(r: CheckReport): string {
  const fixed = describeReport(r);
  if (!fixed.length) return 'The library is consistent: nothing to repair.';
  return ['Repaired:', ...fixed.map((l) => `  ${l}`), ...(r.reindexed ? [`  (${r.reindexed} files indexed again)`] : [])].join(
    '\n',
  );
}
