import type { Database } from "@outbound/db";
import { type EnrollCandidates, enrollLeads, removeEnrollments } from "@outbound/db/queries/campaign-leads";
import { getCampaign, lockCampaign } from "@outbound/db/queries/campaigns";
import { conflict, notFound } from "../../errors.js";

/** Campaigns that take enrollments: those of a campaign not yet active wait until it launches. */
const ENROLLABLE_STATUSES = ["draft", "scheduled", "active", "paused"];

/**
 * Enrolls the tenant's leads named by id or matched by a filter (at most 10 000 per call). Ids
 * that are missing or another tenant's are counted in `notFound`, not refused: a batch names
 * many leads. The campaign lock orders this against cancel and complete, which end enrollments.
 */
export async function addCampaignLeads(
  db: Database,
  args: { tenantId: string; campaignId: string; candidates: EnrollCandidates; now?: Date },
) {
  const { tenantId, campaignId } = args;
  const now = args.now ?? new Date();
  return db.transaction(async (tx) => {
    const campaign = await lockCampaign(tx, { tenantId, id: campaignId });
    if (!campaign) throw notFound("Campaign");
    if (!ENROLLABLE_STATUSES.includes(campaign.status)) {
      throw conflict(`A ${campaign.status} campaign takes no new leads`, { status: campaign.status });
    }
    const r = await enrollLeads(tx, { tenantId, campaignId, candidates: args.candidates, now });
    return {
      added: r.added,
      skipped: {
        alreadyEnrolled: r.alreadyEnrolled,
        suppressed: r.suppressed,
        unsubscribed: r.unsubscribed,
        bounced: r.bounced,
      },
      matched: r.matched,
      notFound: "leadIds" in args.candidates ? args.candidates.leadIds.length - r.matched : 0,
      truncated: r.truncated,
    };
  });
}

/** Ends the leads' active or paused enrollments as `removed`; other leads and ended enrollments are not counted. */
export async function removeCampaignLeads(
  db: Database,
  args: { tenantId: string; campaignId: string; leadIds: string[]; now?: Date },
) {
  const { tenantId, campaignId, leadIds } = args;
  if (!(await getCampaign(db, { tenantId, id: campaignId }))) throw notFound("Campaign");
  const removed = await removeEnrollments(db, { tenantId, campaignId, leadIds, now: args.now ?? new Date() });
  return { removed };
}
