/** A set of selected ids kept across pages and filters; every change makes a new set (React state). */
export function toggleOne(selected: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selected);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** The page's header checkbox: selects every id on the page, or, when all are selected, clears them. */
export function togglePage(selected: ReadonlySet<string>, pageIds: readonly string[]): Set<string> {
  const next = new Set(selected);
  const all = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  for (const id of pageIds) {
    if (all) next.delete(id);
    else next.add(id);
  }
  return next;
}

export function pageSelection(selected: ReadonlySet<string>, pageIds: readonly string[]): "all" | "some" | "none" {
  const count = pageIds.filter((id) => selected.has(id)).length;
  return count === 0 ? "none" : count === pageIds.length ? "all" : "some";
}
