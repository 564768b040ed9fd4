import type { Database } from "@outbound/db";
import { countLaunchesSince } from "@outbound/db/queries/campaigns";
import { countDomains } from "@outbound/db/queries/domains";
import { countActiveWarmups, countEmailAccounts, monthlyEmailsSent } from "@outbound/db/queries/email-accounts";
import { countLeads } from "@outbound/db/queries/leads";
import type { getCurrentPlan } from "@outbound/db/queries/limits";
import { countLiveMembers } from "@outbound/db/queries/members";
import { PLAN_LIMIT_NAMES, type PlanLimit } from "../../domain/plan-limits.js";
import { monthStart, usageMonth } from "./usage-month.js";

type CurrentPlan = NonNullable<Awaited<ReturnType<typeof getCurrentPlan>>>;

/** Whose usage is counted, and when: `now` (the injected clock) picks the month of monthly limits. */
export interface UsageScope {
  tenantId: string;
  now: Date;
}

interface LimitDefinition {
  /** The plan column that sets the quota. */
  field: keyof CurrentPlan;
  /** The add-on type (`subscription_addons.addon_type`) whose active quantity adds to it. */
  addon: string;
  /** Counted per UTC calendar month (restarts each month), rather than units held. */
  monthly: boolean;
  /** Units in use now; inside `withinLimit` it runs on the locked transaction. */
  count: (db: Database, scope: UsageScope) => Promise<number>;
}

/**
 * Every quota a plan sets, by the name clients see in `PAYMENT_REQUIRED` details (the plan
 * column): the one registry that `withinLimit`, `billing.usage`, downgrade checks and add-on
 * removal all read, so a limit is counted the same way wherever it is checked or shown.
 */
export const PLAN_LIMITS = {
  max_users: {
    field: "maxUsers",
    addon: "users",
    monthly: false,
    count: (db, { tenantId }) => countLiveMembers(db, tenantId),
  },
  max_domains: {
    field: "maxDomains",
    addon: "domains",
    monthly: false,
    count: (db, { tenantId }) => countDomains(db, { tenantId }),
  },
  max_email_accounts: {
    field: "maxEmailAccounts",
    addon: "email_accounts",
    monthly: false,
    count: (db, { tenantId }) => countEmailAccounts(db, tenantId),
  },
  max_warmups: {
    field: "maxWarmups",
    addon: "warmups",
    monthly: false,
    count: (db, { tenantId }) => countActiveWarmups(db, tenantId),
  },
  max_contacts: {
    field: "maxContacts",
    addon: "contacts",
    monthly: false,
    count: (db, { tenantId }) => countLeads(db, tenantId),
  },
  max_campaigns_per_month: {
    field: "maxCampaignsPerMonth",
    addon: "campaigns",
    monthly: true,
    count: (db, { tenantId, now }) => countLaunchesSince(db, { tenantId, since: monthStart(now) }),
  },
  max_emails_per_month: {
    field: "maxEmailsPerMonth",
    addon: "emails",
    monthly: true,
    count: (db, { tenantId, now }) => monthlyEmailsSent(db, { tenantId, month: usageMonth(now) }),
  },
  // Storage isn't measured yet: nothing counts against it.
  max_storage_gb: { field: "maxStorageGb", addon: "storage_gb", monthly: false, count: async () => 0 },
} as const satisfies Record<PlanLimit, LimitDefinition>;

/** The registry as `[limit, definition]` pairs, in its order. */
export const planLimitEntries = () => PLAN_LIMIT_NAMES.map((limit) => [limit, PLAN_LIMITS[limit]] as const);

/** Features a plan switches on or off, by the name clients see in `PAYMENT_REQUIRED` details. */
export const PLAN_FEATURES = {
  api_access: "apiAccess",
  priority_support: "prioritySupport",
  advanced_analytics: "advancedAnalytics",
  white_label: "whiteLabel",
} as const satisfies Record<string, keyof CurrentPlan>;
export type PlanFeature = keyof typeof PLAN_FEATURES;

/** Units in use for every plan limit, each counted by its registry entry. */
export async function usageCounts(db: Database, scope: UsageScope): Promise<Record<PlanLimit, number>> {
  const counts = await Promise.all(PLAN_LIMIT_NAMES.map((limit) => PLAN_LIMITS[limit].count(db, scope)));
  return Object.fromEntries(PLAN_LIMIT_NAMES.map((limit, i) => [limit, counts[i] ?? 0])) as Record<PlanLimit, number>;
}
