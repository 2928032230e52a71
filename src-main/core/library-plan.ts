// How requested folders relate to the added ones. Folders are views of one set of files, and added folders never
// nest: a folder inside an added one adds nothing (it is covered), and a folder above added ones absorbs them
// (their files are walked again under it and found unchanged, so nothing is re-embedded).
import { isInside } from './store/catalog.js';

export interface FolderPlan {
  /** Folders to walk, outermost only, each once. */
  index: string[];
  covered: { path: string; by: string }[];
  absorbed: { path: string; into: string }[];
}

export function planFolders(requested: readonly string[], added: readonly string[]): FolderPlan {
  const plan: FolderPlan = { index: [], covered: [], absorbed: [] };
  const unique = [...new Set(requested)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  for (const path of unique) {
    const by = added.find((r) => r !== path && isInside(path, r));
    if (by) {
      plan.covered.push({ path, by });
      continue;
    }
    const inNew = plan.index.find((r) => isInside(path, r));
    if (inNew) {
      plan.covered.push({ path, by: inNew });
      continue;
    }
    plan.index.push(path);
    for (const r of added) if (r !== path && isInside(r, path)) plan.absorbed.push({ path: r, into: path });
  }
  return plan;
}
