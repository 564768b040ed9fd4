import type { Database } from "@outbound/db";
import { countCampaignsLaunchedSince, emailsSentInMonth } from "@outbound/db/queries/billing";
import { countDomains } from "@outbound/db/queries/domains";
import { countActiveWarmups, countEmailAccounts } from "@outbound/db/queries/email-accounts";
import { countLeads } from "@outbound/db/queries/leads";
import { countLiveMembers } from "@outbound/db/queries/members";
import { PLAN_LIMITS, type PlanLimit, tenantAllowances } from "../limits.js";

export type UsageCounts = Record<PlanLimit, number>;

/** Units in use per plan limit; monthly limits count the current UTC calendar month. Storage is 0 until measured. */
export async function usageCounts(db: Database, tenantId: string, now = new Date()): Promise<UsageCounts> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [users, domains, emailAccounts, warmups, contacts, campaigns, emails] = await Promise.all([
    countLiveMembers(db, tenantId),
    countDomains(db, { tenantId }),
    countEmailAccounts(db, tenantId),
    countActiveWarmups(db, tenantId),
    countLeads(db, tenantId),
    countCampaignsLaunchedSince(db, { tenantId, since: monthStart }),
    emailsSentInMonth(db, { tenantId, month: monthStart.toISOString().slice(0, 10) }),
  ]);
  return {
    max_users: users,
    max_domains: domains,
    max_email_accounts: emailAccounts,
    max_warmups: warmups,
    max_contacts: contacts,
    max_campaigns_per_month: campaigns,
    max_emails_per_month: emails,
    max_storage_gb: 0,
  };
}

/** Every plan limit as used vs allowed (plan plus active add-ons); `allowed` is 0 without a subscription. */
export async function tenantUsage(db: Database, tenantId: string) {
  const [allowances, used] = await Promise.all([tenantAllowances(db, tenantId), usageCounts(db, tenantId)]);
  return {
    plan: allowances?.plan ?? null,
    limits: (Object.keys(PLAN_LIMITS) as PlanLimit[]).map((limit) => ({
      limit,
      used: used[limit],
      allowed: allowances?.limits[limit] ?? 0,
    })),
  };
}
