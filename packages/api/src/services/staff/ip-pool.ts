import type { Database } from "@outbound/db";
import { getTenantForStaff } from "@outbound/db/queries/admin-tenants";
import { getDomain } from "@outbound/db/queries/domains";
import {
  adjustAssignedCount,
  findSmtpIpByAddress,
  getSmtpIp,
  insertSmtpIp,
  listSmtpIps,
  lockIpPool,
  updateSmtpIp,
} from "@outbound/db/queries/ip-pool";
import {
  expiredActiveAssignments,
  findActiveAssignmentOfDomain,
  getAssignment,
  getAssignmentState,
  insertAssignment,
  listAssignments,
  pickHealthyIp,
  releaseAssignment,
  releaseAssignments,
  updateAssignmentWarmup,
} from "@outbound/db/queries/ip-pool-assignments";
import { toPage } from "@outbound/db/queries/pagination";
import { getVps } from "@outbound/db/queries/vps";
import type { BlacklistStatus } from "@outbound/db/schema";
import { conflict, notFound } from "../../errors.js";
import type { WarmupState } from "../../schemas/admin-infra.js";
import { updatedOrExplain } from "../platform/updates.js";

export async function createSmtpIp(
  db: Database,
  args: { vpsInstanceId: string; ipAddress: string; status?: string | undefined; approximateCost?: string | undefined },
) {
  if (!(await getVps(db, args.vpsInstanceId))) throw notFound("VPS");
  if (await findSmtpIpByAddress(db, args.ipAddress)) throw conflict(`The IP ${args.ipAddress} is already in the pool`);
  return insertSmtpIp(db, args);
}

/** Filtering by a VPS that doesn't exist is NOT_FOUND, like reading it. */
export async function listSmtpIpsChecked(db: Database, args: Parameters<typeof listSmtpIps>[1]) {
  if (args.vpsInstanceId && !(await getVps(db, args.vpsInstanceId))) throw notFound("VPS");
  return toPage(await listSmtpIps(db, args), args.limit);
}

const smtpIpExists = (db: Database, id: string) => async () => (await getSmtpIp(db, id)) !== null;

export async function updateSmtpIpById(
  db: Database,
  args: {
    id: string;
    status?: string | undefined;
    approximateCost?: string | null | undefined;
    expectedUpdated?: Date | undefined;
  },
) {
  const { id, expectedUpdated, ...values } = args;
  const row = await updateSmtpIp(db, { id, values, expectedUpdated });
  return updatedOrExplain(row, { what: "SMTP IP", exists: smtpIpExists(db, id) });
}

/** Replaces the blacklist map with the latest check's and stamps the check time. */
export async function recordReputation(
  db: Database,
  args: { id: string; reputationState: string; providerBlacklistStatus: BlacklistStatus },
) {
  const row = await updateSmtpIp(db, {
    id: args.id,
    values: {
      reputationState: args.reputationState,
      providerBlacklistStatus: args.providerBlacklistStatus,
      lastReputationCheck: new Date(),
    },
  });
  if (!row) throw notFound("SMTP IP");
  return row;
}

/** Filters naming a tenant, domain or IP that doesn't exist are NOT_FOUND, like reading them. */
export async function listAssignmentsChecked(db: Database, args: Parameters<typeof listAssignments>[1]) {
  if (args.tenantId && !(await getTenantForStaff(db, args.tenantId))) throw notFound("Tenant");
  if (args.tenantId && args.domainId && !(await getDomain(db, { tenantId: args.tenantId, id: args.domainId }))) {
    throw notFound("Domain");
  }
  if (args.smtpIpAddressId && !(await getSmtpIp(db, args.smtpIpAddressId))) throw notFound("SMTP IP");
  return toPage(await listAssignments(db, args), args.limit);
}

/**
 * Gives the domain the healthy IP with the fewest assignments. The pool lock makes pick and
 * count bump one step, so concurrent assigns never over-assign an IP and counts stay exact.
 */
export async function assignIp(db: Database, args: { tenantId: string; domainId: string }) {
  const id = await db.transaction(async (tx) => {
    await lockIpPool(tx);
    if (!(await getDomain(tx, { tenantId: args.tenantId, id: args.domainId }))) throw notFound("Domain");
    const existing = await findActiveAssignmentOfDomain(tx, args);
    if (existing) {
      throw conflict(`This domain already has an active IP assignment (${existing.id}): release it first`, {
        blockers: [`assignment ${existing.id}`],
      });
    }
    const ip = await pickHealthyIp(tx);
    if (!ip) {
      throw conflict(
        "No healthy sending IP is available: every IP is inactive, not in good reputation, blacklisted, or on a VPS that is not active or is being decommissioned",
      );
    }
    await adjustAssignedCount(tx, { id: ip.id, delta: 1 });
    return (await insertAssignment(tx, { ...args, smtpIpAddressId: ip.id })).id;
  });
  const row = await getAssignment(db, { tenantId: args.tenantId, id });
  if (!row) throw notFound("IP assignment");
  return row;
}

export async function releaseIp(db: Database, args: { tenantId: string; id: string }) {
  await db.transaction(async (tx) => {
    const released = await releaseAssignment(tx, args);
    if (!released) {
      const state = await getAssignmentState(tx, args);
      if (!state) throw notFound("IP assignment");
      throw conflict("This IP assignment is already released", { status: state.status });
    }
    await adjustAssignedCount(tx, { id: released.smtpIpAddressId, delta: -1 });
  });
  const row = await getAssignment(db, args);
  if (!row) throw notFound("IP assignment");
  return row;
}

/**
 * Releases every active assignment whose `expires` has passed and gives its IP the room back, in
 * batches under the pool lock (as `assignIp` counts), so counts stay exact. Returns how many.
 */
export async function releaseExpiredAssignments(db: Database, now: Date, batch = 200): Promise<number> {
  let total = 0;
  for (;;) {
    const released = await db.transaction(async (tx) => {
      await lockIpPool(tx);
      const due = await expiredActiveAssignments(tx, { now, limit: batch });
      const perIp = await releaseAssignments(tx, due);
      for (const [ipId, n] of perIp) await adjustAssignedCount(tx, { id: ipId, delta: -n });
      return { listed: due.length, released: [...perIp.values()].reduce((sum, n) => sum + n, 0) };
    });
    total += released.released;
    if (released.listed < batch) return total;
  }
}

/** Warmup moves new → warming → warm; any of them may pause, and a paused warmup resumes warming. */
const WARMUP_FROM: Record<WarmupState, WarmupState[]> = {
  new: ["new"],
  warming: ["new", "warming", "paused"],
  warm: ["warming", "warm"],
  paused: ["new", "warming", "warm", "paused"],
};

export async function updateWarmup(
  db: Database,
  args: {
    tenantId: string;
    id: string;
    warmupState: WarmupState;
    lastSent?: Date | undefined;
    expires?: Date | null | undefined;
    expectedUpdated?: Date | undefined;
  },
) {
  const { tenantId, id, expectedUpdated, ...values } = args;
  const updated = await updateAssignmentWarmup(db, {
    tenantId,
    id,
    from: WARMUP_FROM[args.warmupState],
    values,
    expectedUpdated,
  });
  if (!updated) {
    const state = await getAssignmentState(db, { tenantId, id });
    if (!state) throw notFound("IP assignment");
    if (state.status !== "active") throw conflict("This IP assignment is released", { status: state.status });
    if (!WARMUP_FROM[args.warmupState].includes(state.warmupState as WarmupState)) {
      throw conflict(`Warmup can't move from ${state.warmupState} to ${args.warmupState}`, {
        status: state.warmupState,
      });
    }
    throw conflict("IP assignment changed since you read it: fetch it again and retry");
  }
  const row = await getAssignment(db, { tenantId, id });
  if (!row) throw notFound("IP assignment");
  return row;
}
