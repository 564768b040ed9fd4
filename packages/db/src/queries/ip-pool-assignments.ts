import { and, asc, desc, eq, inArray, lt, lte, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { domainIpAssignments, domains, smtpIpAddresses, vpsInstances } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";

export const assignmentColumns = {
  id: domainIpAssignments.id,
  tenantId: domainIpAssignments.tenantId,
  domainId: domainIpAssignments.domainId,
  domain: domains.domain,
  smtpIpAddressId: domainIpAssignments.smtpIpAddressId,
  ipAddress: smtpIpAddresses.ipAddress,
  status: domainIpAssignments.status,
  warmupState: domainIpAssignments.warmupState,
  assigned: domainIpAssignments.assigned,
  expires: domainIpAssignments.expires,
  lastSent: domainIpAssignments.lastSent,
  created: domainIpAssignments.created,
  updated: domainIpAssignments.updated,
};

const assignmentSelection = (db: Database) =>
  db
    .select(assignmentColumns)
    .from(domainIpAssignments)
    .innerJoin(
      domains,
      and(eq(domains.tenantId, domainIpAssignments.tenantId), eq(domains.id, domainIpAssignments.domainId)),
    )
    .innerJoin(smtpIpAddresses, eq(smtpIpAddresses.id, domainIpAssignments.smtpIpAddressId));

export async function listAssignments(
  db: Database,
  args: {
    tenantId?: string | undefined;
    domainId?: string | undefined;
    smtpIpAddressId?: string | undefined;
    status?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) {
  const conditions: (SQL | undefined)[] = [];
  if (args.tenantId) conditions.push(eq(domainIpAssignments.tenantId, args.tenantId));
  if (args.domainId) conditions.push(eq(domainIpAssignments.domainId, args.domainId));
  if (args.smtpIpAddressId) conditions.push(eq(domainIpAssignments.smtpIpAddressId, args.smtpIpAddressId));
  if (args.status) conditions.push(eq(domainIpAssignments.status, args.status));
  if (args.cursor) conditions.push(lt(domainIpAssignments.id, args.cursor));
  return assignmentSelection(db)
    .where(and(...conditions))
    .orderBy(desc(domainIpAssignments.id))
    .limit(args.limit + 1);
}

export async function getAssignment(db: Database, args: { tenantId: string; id: string }) {
  const rows = await assignmentSelection(db)
    .where(and(eq(domainIpAssignments.tenantId, args.tenantId), eq(domainIpAssignments.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findActiveAssignmentOfDomain(db: Database, args: { tenantId: string; domainId: string }) {
  const rows = await db
    .select({ id: domainIpAssignments.id })
    .from(domainIpAssignments)
    .where(
      and(
        eq(domainIpAssignments.tenantId, args.tenantId),
        eq(domainIpAssignments.domainId, args.domainId),
        eq(domainIpAssignments.status, "active"),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/**
 * The healthy IP carrying the fewest assignments, locked: active, good reputation, on no
 * provider's blacklist, on an active VPS with no decommission scheduled. Call under `lockIpPool`.
 */
export async function pickHealthyIp(db: Database) {
  const rows = await db
    .select({ id: smtpIpAddresses.id, ipAddress: smtpIpAddresses.ipAddress })
    .from(smtpIpAddresses)
    .innerJoin(vpsInstances, eq(vpsInstances.id, smtpIpAddresses.vpsInstanceId))
    .where(
      and(
        eq(smtpIpAddresses.status, "active"),
        eq(smtpIpAddresses.reputationState, "good"),
        sql`not exists (select 1 from jsonb_each(${smtpIpAddresses.providerBlacklistStatus}) as b where b.value = 'true'::jsonb)`,
        eq(vpsInstances.status, "active"),
        sql`${vpsInstances.decommissionScheduledFor} is null`,
      ),
    )
    .orderBy(asc(smtpIpAddresses.assignedCount), asc(smtpIpAddresses.id))
    .limit(1)
    .for("update", { of: smtpIpAddresses });
  return rows[0] ?? null;
}

export async function insertAssignment(
  db: Database,
  args: { tenantId: string; domainId: string; smtpIpAddressId: string },
) {
  const rows = await db.insert(domainIpAssignments).values(args).returning({ id: domainIpAssignments.id });
  const row = rows[0];
  if (!row) throw new Error("assignment insert returned nothing");
  return row;
}

/** Marks an active assignment released; null when it is not an active assignment of the tenant. */
export async function releaseAssignment(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .update(domainIpAssignments)
    .set({ status: "released" })
    .where(
      and(
        eq(domainIpAssignments.tenantId, args.tenantId),
        eq(domainIpAssignments.id, args.id),
        eq(domainIpAssignments.status, "active"),
      ),
    )
    .returning({ smtpIpAddressId: domainIpAssignments.smtpIpAddressId });
  return rows[0] ?? null;
}

/** Active assignments on any IP of the VPS, locked, with their tenant so staff can see who is affected. */
export async function activeAssignmentsOnVps(db: Database, vpsInstanceId: string) {
  return db
    .select({
      tenantId: domainIpAssignments.tenantId,
      id: domainIpAssignments.id,
      smtpIpAddressId: domainIpAssignments.smtpIpAddressId,
      ipAddress: smtpIpAddresses.ipAddress,
    })
    .from(domainIpAssignments)
    .innerJoin(smtpIpAddresses, eq(smtpIpAddresses.id, domainIpAssignments.smtpIpAddressId))
    .where(and(eq(smtpIpAddresses.vpsInstanceId, vpsInstanceId), eq(domainIpAssignments.status, "active")))
    .orderBy(domainIpAssignments.id)
    .for("update", { of: domainIpAssignments });
}

/** Active assignments whose `expires` has passed, across tenants, oldest first, locked. */
export async function expiredActiveAssignments(db: Database, args: { now: Date; limit: number }) {
  return db
    .select({
      tenantId: domainIpAssignments.tenantId,
      id: domainIpAssignments.id,
      smtpIpAddressId: domainIpAssignments.smtpIpAddressId,
    })
    .from(domainIpAssignments)
    .where(and(eq(domainIpAssignments.status, "active"), lte(domainIpAssignments.expires, args.now)))
    .orderBy(asc(domainIpAssignments.expires), asc(domainIpAssignments.id))
    .limit(args.limit)
    .for("update");
}

/** Releases the given active assignments; returns how many each IP lost. */
export async function releaseAssignments(
  db: Database,
  rows: { tenantId: string; id: string; smtpIpAddressId: string }[],
) {
  const released = new Map<string, number>();
  for (const row of rows) {
    const done = await releaseAssignment(db, row);
    if (done) released.set(done.smtpIpAddressId, (released.get(done.smtpIpAddressId) ?? 0) + 1);
  }
  return released;
}

/**
 * Sets warmup fields of an active assignment whose state is one of `from`; null when the
 * assignment is missing, not active, in another state, or changed since `expectedUpdated`.
 */
export async function updateAssignmentWarmup(
  db: Database,
  args: {
    tenantId: string;
    id: string;
    from: string[];
    values: { warmupState: string; lastSent?: Date | undefined; expires?: Date | null | undefined };
    expectedUpdated?: Date | undefined;
  },
) {
  const rows = await db
    .update(domainIpAssignments)
    .set(args.values)
    .where(
      and(
        eq(domainIpAssignments.tenantId, args.tenantId),
        eq(domainIpAssignments.id, args.id),
        eq(domainIpAssignments.status, "active"),
        inArray(domainIpAssignments.warmupState, args.from),
        unchangedSince(domainIpAssignments.updated, args.expectedUpdated),
      ),
    )
    .returning({ id: domainIpAssignments.id });
  return rows[0] ?? null;
}

/** The state of one assignment, to explain a refused warmup update or release. */
export async function getAssignmentState(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select({ status: domainIpAssignments.status, warmupState: domainIpAssignments.warmupState })
    .from(domainIpAssignments)
    .where(and(eq(domainIpAssignments.tenantId, args.tenantId), eq(domainIpAssignments.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}
