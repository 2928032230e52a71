// Check and repair: the LanceDB table against the catalog. Run by `parascope check`, by Re-index, and before the
// next write after a run that did not finish (the process was killed). Whatever disagrees is made to agree:
// rows no record accounts for are deleted, a file whose rows differ from its record (missing, duplicated,
// a different count) loses both and is indexed again by the caller, a table of another dimension is rebuilt.
import type { CheckReport } from '../../common/types.js';
import type { Catalog } from './catalog.js';
import type { VectorStore } from './vector-store.js';

export function emptyReport(): CheckReport {
  return { orphanRows: 0, duplicateRows: 0, mismatchedFiles: 0, droppedRecords: 0, rebuilt: false, reindexed: 0 };
}

export function reportIsClean(r: CheckReport): boolean {
  return !r.rebuilt && r.orphanRows + r.duplicateRows + r.mismatchedFiles + r.droppedRecords === 0;
}

/** One sentence per kind of repair, for the CLI and the window. */
export function describeReport(r: CheckReport): string[] {
  const out: string[] = [];
  const n = (k: number, one: string, many = `${one}s`): string => `${k.toLocaleString('en-US')} ${k === 1 ? one : many}`;
  if (r.rebuilt) out.push('The table held vectors of another size: it was cleared and every file is indexed again.');
  if (r.orphanRows) out.push(`Deleted ${n(r.orphanRows, 'passage')} of files no added folder covers.`);
  if (r.duplicateRows) out.push(`Deleted ${n(r.duplicateRows, 'duplicate passage')}.`);
  if (r.mismatchedFiles)
    out.push(`${n(r.mismatchedFiles, 'file')} had passages that disagreed with the library's records: indexed again.`);
  if (r.droppedRecords) out.push(`Forgot ${n(r.droppedRecords, 'record')} of files outside every added folder.`);
  return out;
}

/**
 * Makes table and catalog agree and saves the catalog. Files whose record was dropped because their rows were
 * wrong are left for the caller to index again (their paths are returned).
 */
export async function checkAndRepair(store: VectorStore, catalog: Catalog): Promise<{ report: CheckReport; redo: string[] }> {
  const report = emptyReport();
  const redo: string[] = [];
  const identity = catalog.identity;
  const dim = await store.vectorDim();
  if (identity && dim !== null && dim !== identity.dim) {
    await store.clear();
    catalog.clearFiles();
    report.rebuilt = true;
  }

  for (const [path] of catalog.allFiles()) {
    if (catalog.coveringRoot(path) === null) {
      catalog.deleteFile(path);
      report.droppedRecords++;
    }
  }

  const rows = await store.rowsByPath();
  const deletions: string[] = [];
  for (const [path, ids] of rows) {
    const rec = identity ? catalog.file(path) : undefined;
    if (!rec || rec.chunks === 0) {
      report.orphanRows += ids.length;
      deletions.push(path);
      continue;
    }
    const unique = new Set(ids).size;
    if (unique !== ids.length || unique !== rec.chunks) {
      report.duplicateRows += ids.length - unique;
      report.mismatchedFiles++;
      deletions.push(path);
      catalog.deleteFile(path);
      redo.push(path);
    }
  }
  for (const [path, rec] of catalog.allFiles()) {
    if (rec.chunks > 0 && !rows.has(path)) {
      report.mismatchedFiles++;
      catalog.deleteFile(path);
      redo.push(path);
    }
  }
  if (deletions.length) {
    await store.deletePaths(deletions);
    await store.optimize();
  }
  await catalog.save();
  return { report, redo };
}
