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
