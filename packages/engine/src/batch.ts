import { DomainError } from "@outbound/api";
import { applicableAllowances, type TenantAllowances } from "@outbound/api/services/quotas/limits";
import { tenantTimeZone } from "@outbound/db/queries/email-accounts";
import type { ClaimedEnrollment } from "@outbound/db/queries/engine-claims";
import { type EngineCampaign, type SendingMailbox, senderCandidates } from "@outbound/db/queries/engine-enrollments";
import type { EngineDeps } from "./deps.js";

/**
 * What every enrollment of one claimed batch shares, read once per batch: the campaign and its
 * steps, the tenant's time zone and allowances, the company's sending mailboxes.
 */
export interface Batch {
  deps: EngineDeps;
  token: string;
  campaign: EngineCampaign;
  timeZone: string;
  /** The monthly email allowance, or why there is none (no subscription, unpaid). */
  allowance: { allowed: number } | { refusal: string };
  /** Rotation candidates with the sends this worker counted on them since they were read. */
  senders: SendingMailbox[];
  /** Secrets already read for this batch, by path. */
  secrets: Map<string, string | null>;
}

export async function openBatch(deps: EngineDeps, campaign: EngineCampaign, token: string): Promise<Batch> {
  const { db } = deps;
  const timeZone = await tenantTimeZone(db, campaign.tenantId);
  let allowance: Batch["allowance"];
  try {
    const allowances: TenantAllowances = await applicableAllowances(db, campaign.tenantId, "max_emails_per_month");
    allowance = { allowed: allowances.limits.max_emails_per_month };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    allowance = { refusal: error.message };
  }
  const senders = await senderCandidates(db, { tenantId: campaign.tenantId, companyId: campaign.companyId });
  return { deps, token, campaign, timeZone, allowance, senders, secrets: new Map() };
}

export async function readSecret(batch: Batch, path: string): Promise<string | null> {
  if (!batch.secrets.has(path)) batch.secrets.set(path, await batch.deps.secrets.get(path));
  return batch.secrets.get(path) ?? null;
}

export type Enrollment = ClaimedEnrollment;
