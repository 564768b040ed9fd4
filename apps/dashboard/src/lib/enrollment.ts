/** What `campaigns.leads.add` answers (schemas/campaign-leads.ts). */
export interface EnrollResult {
  added: number;
  skipped: { alreadyEnrolled: number; suppressed: number; unsubscribed: number; bounced: number };
  notFound?: number;
  truncated?: boolean;
}

const SKIP_LABELS: [keyof EnrollResult["skipped"], string][] = [
  ["alreadyEnrolled", "already enrolled"],
  ["suppressed", "suppressed"],
  ["unsubscribed", "unsubscribed"],
  ["bounced", "bounced"],
];

/** "3 enrolled; skipped 1 already enrolled, 2 suppressed": only the reasons that happened. */
export function enrollmentSummary(result: EnrollResult): string {
  const skipped = SKIP_LABELS.filter(([key]) => result.skipped[key] > 0).map(
    ([key, label]) => `${result.skipped[key]} ${label}`,
  );
  if (result.notFound) skipped.push(`${result.notFound} not found`);
  const parts = [`${result.added} enrolled`];
  if (skipped.length > 0) parts.push(`skipped ${skipped.join(", ")}`);
  if (result.truncated) parts.push("more leads match: enroll again for the rest");
  return parts.join("; ");
}
