import type { Database } from "@outbound/db";
import { adjustAssignedCount, lockIpPool } from "@outbound/db/queries/ip-pool";
import { activeAssignmentsOnVps, releaseAssignments } from "@outbound/db/queries/ip-pool-assignments";
import { findVpsByHostwindsId, getVps, insertVps, lockVps, updateVps, type VpsValues } from "@outbound/db/queries/vps";
import { badRequest, conflict, notFound } from "../../errors.js";
import { updatedOrExplain } from "../platform/updates.js";

export async function createVps(db: Database, values: VpsValues) {
  if (await findVpsByHostwindsId(db, values.hostwindsInstanceId)) {
    throw conflict(`A VPS with Hostwinds instance id ${values.hostwindsInstanceId} already exists`);
  }
  return insertVps(db, values);
}

const blockersOf = (rows: { tenantId: string; id: string; ipAddress: string }[]) =>
  rows.map((r) => `assignment ${r.id} of tenant ${r.tenantId} on ${r.ipAddress}`);

/** Marking a VPS decommissioned is refused while its IPs still carry active assignments. */
export async function updateVpsById(
  db: Database,
  args: { id: string; values: Partial<VpsValues>; expectedUpdated?: Date | undefined },
) {
  return db.transaction(async (tx) => {
    const decommissioning = args.values.status === "decommissioned";
    // Same lock order as scheduleDecommission (pool, then VPS row), so the two can't deadlock.
    if (decommissioning) await lockIpPool(tx);
    const current = await lockVps(tx, args.id);
    if (!current) throw notFound("VPS");
    const start =
      args.values.currentBillingPeriodStart !== undefined
        ? args.values.currentBillingPeriodStart
        : current.currentBillingPeriodStart;
    const end =
      args.values.currentBillingPeriodEnd !== undefined
        ? args.values.currentBillingPeriodEnd
        : current.currentBillingPeriodEnd;
    if (start && end && start >= end) {
      throw badRequest("The billing period must start before it ends", {
        currentBillingPeriodEnd: ["must be after currentBillingPeriodStart"],
      });
    }
    if (decommissioning && current.status !== "decommissioned") {
      const active = await activeAssignmentsOnVps(tx, args.id);
      if (active.length > 0) {
        throw conflict("This VPS's IPs still carry active assignments: release them first", {
          blockers: blockersOf(active),
        });
      }
    }
    const row = await updateVps(tx, args);
    return updatedOrExplain(row, { what: "VPS", exists: async () => (await getVps(tx, args.id)) !== null });
  });
}

/**
 * Schedules the VPS for decommission at a future time; from then on none of its IPs is picked
 * for new assignments. Refused while its IPs carry active assignments unless `force`, which
 * releases them in the same transaction.
 */
export async function scheduleDecommission(db: Database, args: { id: string; at: Date; force: boolean }) {
  if (args.at.getTime() <= Date.now())
    throw badRequest("The decommission date must be in the future", { at: ["must be in the future"] });
  return db.transaction(async (tx) => {
    // Taken before reading assignments so no assign can slip an IP of this VPS in meanwhile.
    await lockIpPool(tx);
    const vps = await lockVps(tx, args.id);
    if (!vps) throw notFound("VPS");
    if (vps.status === "decommissioned") throw conflict("This VPS is already decommissioned", { status: vps.status });
    const active = await activeAssignmentsOnVps(tx, args.id);
    if (active.length > 0 && !args.force) {
      throw conflict(
        `This VPS's IPs carry ${active.length} active assignment(s): release them or pass force to release them`,
        { blockers: blockersOf(active) },
      );
    }
    const released = await releaseAssignments(tx, active);
    for (const [ipId, n] of released) await adjustAssignedCount(tx, { id: ipId, delta: -n });
    const row = await updateVps(tx, {
      id: args.id,
      values: { status: "decommissioning", decommissionScheduledFor: args.at },
    });
    if (!row) throw notFound("VPS");
    return { vps: row, releasedAssignments: active.map((a) => ({ tenantId: a.tenantId, id: a.id })) };
  });
}
