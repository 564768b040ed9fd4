import { and, desc, eq, gt, gte, isNotNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { campaigns, type SendingWindow } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { toPage } from "./pagination.js";
import { tenantIsActive } from "./tenants.js";

export const campaignColumns = {
  id: campaigns.id,
  companyId: campaigns.companyId,
  name: campaigns.name,
  description: campaigns.description,
  status: campaigns.status,
  scheduled: campaigns.scheduled,
  launched: campaigns.launched,
  completed: campaigns.completed,
  sendingWindow: campaigns.sendingWindow,
  dailyLimit: campaigns.dailyLimit,
  stopOnReply: campaigns.stopOnReply,
  trackOpens: campaigns.trackOpens,
  trackClicks: campaigns.trackClicks,
  created: campaigns.created,
  updated: campaigns.updated,
};

const byId = (args: { tenantId: string; id: string }) =>
  and(eq(campaigns.tenantId, args.tenantId), eq(campaigns.id, args.id));

export interface ListCampaignsArgs {
  tenantId: string;
  limit: number;
  cursor?: string | undefined;
  status?: string | undefined;
  companyId?: string | undefined;
}

/** Newest first, keyset by id. */
export async function listCampaigns(db: Database, args: ListCampaignsArgs) {
  const conditions: (SQL | undefined)[] = [eq(campaigns.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(campaigns.id, args.cursor));
  if (args.status) conditions.push(eq(campaigns.status, args.status));
  if (args.companyId) conditions.push(eq(campaigns.companyId, args.companyId));
  const rows = await db
    .select(campaignColumns)
    .from(campaigns)
    .where(and(...conditions))
    .orderBy(desc(campaigns.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getCampaign(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db.select(campaignColumns).from(campaigns).where(byId(args)).limit(1);
  return rows[0] ?? null;
}

/** The campaign, locked until the transaction ends: every status change and step edit takes this lock first. */
export async function lockCampaign(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db.select(campaignColumns).from(campaigns).where(byId(args)).for("update");
  return rows[0] ?? null;
}

export interface CampaignFields {
  companyId: string;
  name: string;
  description?: string | null | undefined;
  sendingWindow?: SendingWindow | null | undefined;
  dailyLimit?: number | null | undefined;
  stopOnReply?: boolean | undefined;
  trackOpens?: boolean | undefined;
  trackClicks?: boolean | undefined;
}

export async function insertCampaign(db: Database, args: CampaignFields & { tenantId: string }) {
  const [row] = await db.insert(campaigns).values(args).returning(campaignColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** Null when the campaign is not the tenant's or changed since `expectedUpdated`. */
export async function updateCampaign(
  db: Database,
  args: {
    tenantId: string;
    id: string;
    patch: Partial<CampaignFields>;
    expectedUpdated?: Date | undefined;
  },
) {
  const rows = await db
    .update(campaigns)
    .set({ ...args.patch, updated: new Date() })
    .where(and(byId(args), unchangedSince(campaigns.updated, args.expectedUpdated)))
    .returning(campaignColumns);
  return rows[0] ?? null;
}

export interface CampaignStatusChange {
  status: string;
  scheduled?: Date | null;
  launched?: Date;
  completed?: Date;
}

export async function setCampaignStatus(
  db: Database,
  args: { tenantId: string; id: string; change: CampaignStatusChange },
) {
  const rows = await db
    .update(campaigns)
    .set({ ...args.change, updated: new Date() })
    .where(byId(args))
    .returning(campaignColumns);
  const row = rows[0];
  if (!row) throw new Error("campaign vanished while locked");
  return row;
}

/** Steps go with it (ON DELETE CASCADE). */
export async function deleteCampaign(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db.delete(campaigns).where(byId(args)).returning({ id: campaigns.id });
  return rows[0] ?? null;
}

/** Campaigns of the tenant first launched at or after `since`. */
export async function countLaunchesSince(db: Database, args: { tenantId: string; since: Date }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(campaigns)
    .where(
      and(eq(campaigns.tenantId, args.tenantId), isNotNull(campaigns.launched), gte(campaigns.launched, args.since)),
    );
  return row?.n ?? 0;
}

/**
 * Scheduled campaigns of every tenant whose time has come, oldest schedule first (for the worker);
 * `after` continues past the last one seen.
 */
export async function listDueCampaigns(
  db: Database,
  args: { now: Date; limit: number; after?: { scheduled: Date; id: string } | undefined },
) {
  const conditions = [
    eq(campaigns.status, "scheduled"),
    lte(campaigns.scheduled, args.now),
    tenantIsActive(campaigns.tenantId),
  ];
  if (args.after) {
    const { scheduled, id } = args.after;
    const later = or(gt(campaigns.scheduled, scheduled), and(eq(campaigns.scheduled, scheduled), gt(campaigns.id, id)));
    if (later) conditions.push(later);
  }
  return db
    .select({ tenantId: campaigns.tenantId, id: campaigns.id, scheduled: campaigns.scheduled })
    .from(campaigns)
    .where(and(...conditions))
    .orderBy(campaigns.scheduled, campaigns.id)
    .limit(args.limit);
}
