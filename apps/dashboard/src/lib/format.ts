/** Integer cents as money; the API never sends money as a float. */
export function formatCents(cents: number, currency = "USD"): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
}

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? "—" : date.toLocaleString();
}

/** A fresh key per submitted form, so a retried create never makes two rows. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** A tag as people read it: `industry: saas`, or just its name when it has no value. */
export function tagLabel(tag: { name: string; value: string | null }): string {
  return tag.value ? `${tag.name}: ${tag.value}` : tag.name;
}
