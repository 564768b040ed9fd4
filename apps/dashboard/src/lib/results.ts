function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** An empty list, or an empty page (`{ items: [] }`, the shape every list procedure answers). */
export function isEmptyResult(data: unknown): boolean {
  if (Array.isArray(data)) return data.length === 0;
  return isRecord(data) && Array.isArray(data.items) && data.items.length === 0;
}
