import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Database } from "../client.js";
import { vpsInstances } from "../schema/index.js";
import { setsSomething, unchangedSince } from "./concurrency.js";

export const vpsColumns = {
  id: vpsInstances.id,
  /** Hostwinds' own id of the instance; named without `Id` because it is not one of our rows. */
  hostwindsInstanceId: vpsInstances.hostwindsInstanceId,
  ipAddress: vpsInstances.ipAddress,
  region: vpsInstances.region,
  status: vpsInstances.status,
  monthlyCost: vpsInstances.monthlyCost,
  approximateCost: vpsInstances.approximateCost,
  hostwindsBillingDay: vpsInstances.hostwindsBillingDay,
  currentBillingPeriodStart: vpsInstances.currentBillingPeriodStart,
  currentBillingPeriodEnd: vpsInstances.currentBillingPeriodEnd,
  decommissionScheduledFor: vpsInstances.decommissionScheduledFor,
  created: vpsInstances.created,
  updated: vpsInstances.updated,
};

export type VpsValues = Omit<typeof vpsInstances.$inferInsert, "id" | "created" | "updated">;

export async function listVps(
  db: Database,
  args: { status?: string | undefined; region?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const conditions: (SQL | undefined)[] = [];
  if (args.status) conditions.push(eq(vpsInstances.status, args.status));
  if (args.region) conditions.push(eq(vpsInstances.region, args.region));
  if (args.cursor) conditions.push(lt(vpsInstances.id, args.cursor));
  return db
    .select(vpsColumns)
    .from(vpsInstances)
    .where(and(...conditions))
    .orderBy(desc(vpsInstances.id))
    .limit(args.limit + 1);
}

export async function getVps(db: Database, id: string) {
  const rows = await db.select(vpsColumns).from(vpsInstances).where(eq(vpsInstances.id, id)).limit(1);
  return rows[0] ?? null;
}

/** The VPS row locked until the transaction ends, so its status can't change under a decision made on it. */
export async function lockVps(db: Database, id: string) {
  const rows = await db.select(vpsColumns).from(vpsInstances).where(eq(vpsInstances.id, id)).for("update");
  return rows[0] ?? null;
}

export async function findVpsByHostwindsId(db: Database, hostwindsInstanceId: string) {
  const rows = await db
    .select({ id: vpsInstances.id })
    .from(vpsInstances)
    .where(eq(vpsInstances.hostwindsInstanceId, hostwindsInstanceId))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertVps(db: Database, values: VpsValues) {
  const rows = await db.insert(vpsInstances).values(values).returning(vpsColumns);
  const row = rows[0];
  if (!row) throw new Error("vps insert returned nothing");
  return row;
}

/** Null when the VPS is missing or changed since `expectedUpdated`. */
export async function updateVps(
  db: Database,
  args: { id: string; values: Partial<VpsValues>; expectedUpdated?: Date | undefined },
) {
  const where = and(eq(vpsInstances.id, args.id), unchangedSince(vpsInstances.updated, args.expectedUpdated));
  const rows = setsSomething(args.values)
    ? await db.update(vpsInstances).set(args.values).where(where).returning(vpsColumns)
    : await db.select(vpsColumns).from(vpsInstances).where(where);
  return rows[0] ?? null;
}
