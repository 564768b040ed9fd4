import { and, desc, eq, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { type BlacklistStatus, smtpIpAddresses } from "../schema/index.js";
import { setsSomething, unchangedSince } from "./concurrency.js";

export const smtpIpColumns = {
  id: smtpIpAddresses.id,
  vpsInstanceId: smtpIpAddresses.vpsInstanceId,
  ipAddress: smtpIpAddresses.ipAddress,
  status: smtpIpAddresses.status,
  reputationState: smtpIpAddresses.reputationState,
  approximateCost: smtpIpAddresses.approximateCost,
  lastReputationCheck: smtpIpAddresses.lastReputationCheck,
  assignedCount: smtpIpAddresses.assignedCount,
  providerBlacklistStatus: smtpIpAddresses.providerBlacklistStatus,
  created: smtpIpAddresses.created,
  updated: smtpIpAddresses.updated,
};

/**
 * Serialises every change of who uses which IP (assign, decommission): the pick of the least
 * loaded IP and its count bump happen with no other assignment in between, so counts stay
 * exact and the spread even.
 */
export async function lockIpPool(db: Database): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended('smtp-ip-pool', 0))`);
}

export async function listSmtpIps(
  db: Database,
  args: {
    vpsInstanceId?: string | undefined;
    status?: string | undefined;
    reputationState?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) {
  const conditions: (SQL | undefined)[] = [];
  if (args.vpsInstanceId) conditions.push(eq(smtpIpAddresses.vpsInstanceId, args.vpsInstanceId));
  if (args.status) conditions.push(eq(smtpIpAddresses.status, args.status));
  if (args.reputationState) conditions.push(eq(smtpIpAddresses.reputationState, args.reputationState));
  if (args.cursor) conditions.push(lt(smtpIpAddresses.id, args.cursor));
  return db
    .select(smtpIpColumns)
    .from(smtpIpAddresses)
    .where(and(...conditions))
    .orderBy(desc(smtpIpAddresses.id))
    .limit(args.limit + 1);
}

export async function getSmtpIp(db: Database, id: string) {
  const rows = await db.select(smtpIpColumns).from(smtpIpAddresses).where(eq(smtpIpAddresses.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findSmtpIpByAddress(db: Database, ipAddress: string) {
  const rows = await db
    .select({ id: smtpIpAddresses.id })
    .from(smtpIpAddresses)
    .where(eq(smtpIpAddresses.ipAddress, ipAddress))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertSmtpIp(
  db: Database,
  values: {
    vpsInstanceId: string;
    ipAddress: string;
    status?: string | undefined;
    reputationState?: string | undefined;
    approximateCost?: string | null | undefined;
  },
) {
  const rows = await db.insert(smtpIpAddresses).values(values).returning(smtpIpColumns);
  const row = rows[0];
  if (!row) throw new Error("smtp ip insert returned nothing");
  return row;
}

/** Null when the IP is missing or changed since `expectedUpdated`. */
export async function updateSmtpIp(
  db: Database,
  args: {
    id: string;
    values: {
      status?: string | undefined;
      approximateCost?: string | null | undefined;
      reputationState?: string | undefined;
      providerBlacklistStatus?: BlacklistStatus | undefined;
      lastReputationCheck?: Date | undefined;
    };
    expectedUpdated?: Date | undefined;
  },
) {
  const where = and(eq(smtpIpAddresses.id, args.id), unchangedSince(smtpIpAddresses.updated, args.expectedUpdated));
  const rows = setsSomething(args.values)
    ? await db.update(smtpIpAddresses).set(args.values).where(where).returning(smtpIpColumns)
    : await db.select(smtpIpColumns).from(smtpIpAddresses).where(where);
  return rows[0] ?? null;
}

/** Moves an IP's assignment count by `delta`, relative to what is stored, so concurrent moves add up. */
export async function adjustAssignedCount(db: Database, args: { id: string; delta: number }): Promise<void> {
  await db
    .update(smtpIpAddresses)
    .set({ assignedCount: sql`${smtpIpAddresses.assignedCount} + ${args.delta}` })
    .where(eq(smtpIpAddresses.id, args.id));
}
