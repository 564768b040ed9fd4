/**
 * The quotas a plan sets, by the name clients see in `PAYMENT_REQUIRED` details and
 * `billing.usage` (the plan column). How each is counted lives in services/quotas/plan-limits.ts,
 * whose registry must name exactly these.
 */
export const PLAN_LIMIT_NAMES = [
  "max_users",
  "max_domains",
  "max_email_accounts",
  "max_warmups",
  "max_contacts",
  "max_campaigns_per_month",
  "max_emails_per_month",
  "max_storage_gb",
] as const;
export type PlanLimit = (typeof PLAN_LIMIT_NAMES)[number];

/** What each add-on type sells: the plan limit one unit raises (by one), and its monthly unit price in cents. */
export const ADDON_CATALOG = {
  users: { limit: "max_users", unitCents: 1_000 },
  domains: { limit: "max_domains", unitCents: 500 },
  email_accounts: { limit: "max_email_accounts", unitCents: 500 },
  warmups: { limit: "max_warmups", unitCents: 300 },
  contacts: { limit: "max_contacts", unitCents: 1 },
  dedicated_ip: { limit: null, unitCents: 3_000 },
} as const satisfies Record<string, { limit: PlanLimit | null; unitCents: number }>;
export type AddonType = keyof typeof ADDON_CATALOG;
