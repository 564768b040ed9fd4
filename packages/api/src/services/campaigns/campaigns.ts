import type { Database } from "@outbound/db";
import { finishCampaignEnrollments } from "@outbound/db/queries/campaign-leads";
import { listLaunchFacts, listSteps } from "@outbound/db/queries/campaign-steps";
import {
  type CampaignFields,
  type CampaignStatusChange,
  deleteCampaign,
  getCampaign,
  insertCampaign,
  type ListCampaignsArgs,
  listCampaigns,
  listDueCampaigns,
  lockCampaign,
  setCampaignStatus,
  updateCampaign,
} from "@outbound/db/queries/campaigns";
import { getCompany } from "@outbound/db/queries/companies";
import { senderCandidates } from "@outbound/db/queries/engine-enrollments";
import { allowedFrom, type CampaignAction, DELETABLE_STATUSES, nextStatus } from "../../domain/campaign-status.js";
import { badRequest, conflict, DomainError, notFound } from "../../errors.js";
import type { Once } from "../platform/idempotency.js";
import { updatedOrExplain } from "../platform/updates.js";
import { withinLimit } from "../quotas/limits.js";
import { launchBlockers } from "./launch-checks.js";

type Campaign = NonNullable<Awaited<ReturnType<typeof lockCampaign>>>;

/** The campaign must belong to one of the tenant's companies: another tenant's company is NOT_FOUND. */
export async function createCampaign(once: Once, args: CampaignFields & { tenantId: string }) {
  const { tenantId, ...fields } = args;
  return once(async (tx) => {
    if (!(await getCompany(tx, { tenantId, id: fields.companyId }))) throw notFound("Company");
    return insertCampaign(tx, { tenantId, ...fields });
  });
}

/** A company to filter by must be the tenant's: another tenant's id is NOT_FOUND, never an empty page. */
export async function listCampaignsFiltered(db: Database, args: ListCampaignsArgs) {
  if (args.companyId && !(await getCompany(db, { tenantId: args.tenantId, id: args.companyId }))) {
    throw notFound("Company");
  }
  return listCampaigns(db, args);
}

/** The campaign with its steps in order, each with its template's name and mailbox's address. */
export async function getCampaignWithSteps(db: Database, args: { tenantId: string; id: string }) {
  const campaign = await getCampaign(db, args);
  if (!campaign) throw notFound("Campaign");
  return { ...campaign, steps: await listSteps(db, { tenantId: args.tenantId, campaignId: args.id }) };
}

export async function updateCampaignById(
  db: Database,
  args: {
    tenantId: string;
    id: string;
    patch: Partial<Omit<CampaignFields, "companyId">>;
    expectedUpdated?: Date | undefined;
  },
) {
  return updatedOrExplain(await updateCampaign(db, args), {
    what: "Campaign",
    exists: async () => (await getCampaign(db, { tenantId: args.tenantId, id: args.id })) !== null,
  });
}

/**
 * Only a campaign that never sent (draft) or is over (completed, cancelled) may be deleted,
 * with its steps; a scheduled, active or paused one must be cancelled first (CONFLICT).
 */
export async function deleteCampaignById(db: Database, args: { tenantId: string; id: string }) {
  return db.transaction(async (tx) => {
    const campaign = await lockCampaign(tx, args);
    if (!campaign) throw notFound("Campaign");
    if (!(DELETABLE_STATUSES as readonly string[]).includes(campaign.status)) {
      throw conflict(
        `A ${campaign.status} campaign can't be deleted: cancel it first (deletable: ${DELETABLE_STATUSES.join(", ")})`,
        { status: campaign.status },
      );
    }
    const deleted = await deleteCampaign(tx, args);
    if (!deleted) throw notFound("Campaign");
    return deleted;
  });
}

function illegalMove(campaign: Campaign, action: CampaignAction): DomainError {
  return conflict(`A ${campaign.status} campaign can't ${action}: only a ${allowedFrom(action).join(" or ")} one can`, {
    status: campaign.status,
  });
}

/** Locks the campaign and refuses (CONFLICT, `details.status`) a move the state machine forbids. */
async function lockForMove(tx: Database, args: { tenantId: string; id: string; action: CampaignAction }) {
  const campaign = await lockCampaign(tx, args);
  if (!campaign) throw notFound("Campaign");
  const next = nextStatus(campaign.status, args.action);
  if (!next) throw illegalMove(campaign, args.action);
  return { campaign, next };
}

/** Every launch check at `now`, all problems at once (CONFLICT, `details.blockers`). */
async function assertLaunchable(
  tx: Database,
  campaign: Campaign,
  args: { tenantId: string; now: Date; resuming?: boolean },
) {
  const facts = await listLaunchFacts(tx, { tenantId: args.tenantId, campaignId: campaign.id });
  const senders = await senderCandidates(tx, { tenantId: args.tenantId, companyId: campaign.companyId });
  const blockers = launchBlockers(facts, args.now, {
    rotationSenders: senders.length,
    resuming: args.resuming === true,
  });
  if (blockers.length > 0) {
    throw conflict(
      `The campaign can't launch, ${blockers.length === 1 ? "1 problem" : `${blockers.length} problems`}: ${blockers.join("; ")}`,
      { status: campaign.status, blockers },
    );
  }
}

/**
 * draft or scheduled → active, after every launch check. A first launch counts against
 * `max_campaigns_per_month` (launches whose `launched` falls in the current UTC month); the
 * campaign lock is taken before the quota's lock, the same order for every launch.
 */
export async function launchCampaign(db: Database, args: { tenantId: string; id: string; now?: Date }) {
  const { tenantId, id } = args;
  const now = args.now ?? new Date();
  return db.transaction(async (tx) => {
    const { campaign, next } = await lockForMove(tx, { tenantId, id, action: "launch" });
    await assertLaunchable(tx, campaign, { tenantId, now });
    const activate = (inner: Database) =>
      setCampaignStatus(inner, { tenantId, id, change: { status: next, launched: campaign.launched ?? now } });
    if (campaign.launched) return activate(tx);
    return withinLimit(tx, { tenantId, limit: "max_campaigns_per_month", now }, activate);
  });
}

/** draft → scheduled at `at`, which must be in the future; the launch checks run now too, and again at `at`. */
export async function scheduleCampaign(db: Database, args: { tenantId: string; id: string; at: Date; now?: Date }) {
  const { tenantId, id, at } = args;
  const now = args.now ?? new Date();
  return db.transaction(async (tx) => {
    const { campaign, next } = await lockForMove(tx, { tenantId, id, action: "schedule" });
    if (at.getTime() <= now.getTime()) {
      throw badRequest("The schedule time must be in the future", { at: ["must be in the future"] });
    }
    await assertLaunchable(tx, campaign, { tenantId, now });
    return setCampaignStatus(tx, { tenantId, id, change: { status: next, scheduled: at } });
  });
}

/**
 * pause, resume, complete, cancel: status moves; `resume` runs the launch checks again (steps may
 * have been edited while paused), the others none; `complete` stamps `completed`.
 * Complete and cancel end every active or paused enrollment in the same transaction, so the
 * engine never finds work left in a campaign that is over.
 */
export async function moveCampaign(
  db: Database,
  args: { tenantId: string; id: string; action: "pause" | "resume" | "complete" | "cancel"; now?: Date },
) {
  const { tenantId, id, action } = args;
  const now = args.now ?? new Date();
  return db.transaction(async (tx) => {
    const { campaign, next } = await lockForMove(tx, { tenantId, id, action });
    if (action === "resume") await assertLaunchable(tx, campaign, { tenantId, now, resuming: true });
    const change: CampaignStatusChange = { status: next };
    if (action === "complete") change.completed = now;
    if (action === "complete" || action === "cancel") {
      const reason = action === "complete" ? "campaign completed" : "campaign cancelled";
      await finishCampaignEnrollments(tx, { tenantId, campaignId: id, reason, now });
    }
    return setCampaignStatus(tx, { tenantId, id, change });
  });
}

export interface ActivationReport {
  launched: { tenantId: string; id: string }[];
  /** Left scheduled, so a later run retries once the problem is fixed (or the campaign is cancelled). */
  failed: { tenantId: string; id: string; code: string; message: string; blockers?: string[] }[];
}

/**
 * For a worker: launches every scheduled campaign whose time is at or before `now`, each in
 * its own transaction with the same checks and quota as `launch`. Safe to run concurrently:
 * a campaign another run launched first (or that was cancelled or deleted meanwhile) is left out
 * of the report; `failed` holds only campaigns still scheduled, whose launch checks failed.
 * Pages through all of them (`batch` at a time), so campaigns left scheduled by a failed check
 * can never hold back the ones behind them.
 */
export async function activateDueCampaigns(db: Database, now: Date, batch = 100): Promise<ActivationReport> {
  const report: ActivationReport = { launched: [], failed: [] };
  let after: { scheduled: Date; id: string } | undefined;
  for (;;) {
    const page = await listDueCampaigns(db, { now, limit: batch, after });
    for (const { tenantId, id } of page) {
      try {
        await launchCampaign(db, { tenantId, id, now });
        report.launched.push({ tenantId, id });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Moved on since it was listed (another run launched it, its owner cancelled or deleted
        // it): nothing failed, and there is nothing to retry.
        if (error.code === "NOT_FOUND" || (error.details.status && error.details.status !== "scheduled")) continue;
        const blockers = error.details.blockers;
        report.failed.push({
          tenantId,
          id,
          code: error.code,
          message: error.message,
          ...(blockers ? { blockers } : {}),
        });
      }
    }
    const last = page.at(-1);
    if (page.length < batch || !last?.scheduled) return report;
    after = { scheduled: last.scheduled, id: last.id };
  }
}
