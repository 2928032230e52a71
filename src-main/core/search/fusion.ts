// Reciprocal-rank fusion (Cormack et al. 2009): score(d) = Σ 1 / (k + rank_i(d)).
// k is SearchDefaults.rrfK (chosen on the tuning slices), passed by the caller: no second default here.
export function rrf<T extends { id: string }>(lists: T[][], k: number): (T & { fused: number })[] {
  const scores = new Map<string, { item: T; fused: number; best: number }>();
  for (const list of lists) {
    list.forEach((item, i) => {
      const entry = scores.get(item.id) ?? { item, fused: 0, best: Infinity };
      entry.fused += 1 / (k + i + 1);
      entry.best = Math.min(entry.best, i);
      scores.set(item.id, entry);
    });
  }
  return [...scores.values()]
    .sort((a, b) => b.fused - a.fused || a.best - b.best || a.item.id.localeCompare(b.item.id))
    .map(({ item, fused }) => ({ ...item, fused }));
}
