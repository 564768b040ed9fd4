import { schema } from "@outbound/db";
import { createTestTenant, trpcFailure, useTestDatabase } from "@outbound/testing";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { assignIp, releaseExpiredAssignments } from "../src/services/staff/ip-pool.js";
import { createVps, domainOf, staffCaller, uniqueIpv6 } from "./admin-ip-pool-helpers.js";

const database = useTestDatabase();
let staff: Awaited<ReturnType<typeof staffCaller>>;

beforeAll(async () => {
  staff = await staffCaller(database.db);
});

/**
 * On PostgreSQL the pool is shared with other test files, whose IPs may be healthy too. Each
 * pool made here starts its IPs' counts far below any real count (lower than every earlier
 * pool's), so picks land on this test's IPs; counts are then checked relative to that start.
 */
let floor = 0;
async function pool(size: number) {
  floor -= 1_000_000;
  const start = floor;
  const vps = await createVps(staff);
  const ips = [];
  for (let i = 0; i < size; i++) {
    const ip = await staff.admin.smtpIps.create({ vpsInstanceId: vps.id, ipAddress: uniqueIpv6() });
    ips.push(ip);
  }
  await setCount(
    ips.map((ip) => ip.id),
    start,
  );
  return { vps, ips, start };
}
async function setCount(ids: string[], count: number) {
  await database.db
    .update(schema.smtpIpAddresses)
    .set({ assignedCount: count })
    .where(inArray(schema.smtpIpAddresses.id, ids));
}
async function countsOf(ids: string[]) {
  const rows = await database.db
    .select({ id: schema.smtpIpAddresses.id, count: schema.smtpIpAddresses.assignedCount })
    .from(schema.smtpIpAddresses)
    .where(inArray(schema.smtpIpAddresses.id, ids));
  return new Map(rows.map((r) => [r.id, r.count]));
}
async function activeAssignmentsOn(id: string) {
  const rows = await database.db
    .select({ id: schema.domainIpAssignments.id })
    .from(schema.domainIpAssignments)
    .where(and(eq(schema.domainIpAssignments.smtpIpAddressId, id), eq(schema.domainIpAssignments.status, "active")));
  return rows.length;
}

describe("admin.ipAssignments.assign", () => {
  it("gives the healthy IP with the fewest assignments and bumps its count", async () => {
    const tenant = await createTestTenant(database.db);
    const { ips, start } = await pool(2);
    const [busy, idle] = ips as [(typeof ips)[0], (typeof ips)[0]];
    await setCount([busy.id], start + 3);

    const domainId = await domainOf(database.db, tenant.tenantId);
    const assignment = await staff.admin.ipAssignments.assign({ tenantId: tenant.tenantId, domainId });
    expect(assignment).toMatchObject({
      tenantId: tenant.tenantId,
      domainId,
      smtpIpAddressId: idle.id,
      ipAddress: idle.ipAddress,
      status: "active",
      warmupState: "new",
    });
    expect(await countsOf([busy.id, idle.id])).toEqual(
      new Map([
        [busy.id, start + 3],
        [idle.id, start + 1],
      ]),
    );

    // The tenant sees its domain's IP address and warmup state, nothing more of the pool.
    const domain = await tenant.caller.domains.get({ id: domainId });
    expect(domain.ipAssignment).toEqual({ ipAddress: idle.ipAddress, warmupState: "new" });
  });

  it("skips IPs that are inactive, not in good reputation, blacklisted, or on a VPS not active or being decommissioned", async () => {
    const tenant = await createTestTenant(database.db);
    const { ips, start } = await pool(4);
    const [healthy, paused, poor, blacklisted] = ips as [
      (typeof ips)[0],
      (typeof ips)[0],
      (typeof ips)[0],
      (typeof ips)[0],
    ];
    await staff.admin.smtpIps.update({ id: paused.id, status: "paused" });
    await staff.admin.smtpIps.recordReputation({
      id: poor.id,
      reputationState: "neutral",
      providerBlacklistStatus: {},
    });
    await staff.admin.smtpIps.recordReputation({
      id: blacklisted.id,
      reputationState: "good",
      providerBlacklistStatus: { spamhaus: false, barracuda: true },
    });
    const inMaintenance = await createVps(staff, { status: "maintenance" });
    const leaving = await createVps(staff);
    const onMaintenance = await staff.admin.smtpIps.create({
      vpsInstanceId: inMaintenance.id,
      ipAddress: uniqueIpv6(),
    });
    const onLeaving = await staff.admin.smtpIps.create({ vpsInstanceId: leaving.id, ipAddress: uniqueIpv6() });
    await database.db
      .update(schema.vpsInstances)
      .set({ decommissionScheduledFor: new Date(Date.now() + 86_400_000) })
      .where(eq(schema.vpsInstances.id, leaving.id));
    // Every unhealthy IP carries fewer assignments than the healthy one: only health can pass them over.
    const unhealthy = [paused, poor, blacklisted, onMaintenance, onLeaving].map((ip) => ip.id);
    await setCount(unhealthy, start - 1);
    await setCount([healthy.id], start + 5);

    for (let i = 0; i < 3; i++) {
      const domainId = await domainOf(database.db, tenant.tenantId);
      const assignment = await staff.admin.ipAssignments.assign({ tenantId: tenant.tenantId, domainId });
      expect(assignment.smtpIpAddressId).toBe(healthy.id);
    }
    const counts = await countsOf(unhealthy);
    expect([...counts.values()]).toEqual(unhealthy.map(() => start - 1));
  });

  it("refuses with CONFLICT when no IP is healthy", async () => {
    const tenant = await createTestTenant(database.db);
    const domainId = await domainOf(database.db, tenant.tenantId);
    const rollback = new Error("rollback");
    // Other files' IPs may be healthy: take the whole pool out only inside a transaction that rolls back.
    const outcome = await database.db
      .transaction(async (tx) => {
        await tx.update(schema.smtpIpAddresses).set({ status: "retired" });
        const result = await assignIp(tx, { tenantId: tenant.tenantId, domainId }).catch((error: unknown) => error);
        throw Object.assign(rollback, { result });
      })
      .catch((error: { result?: unknown }) => error.result);
    expect(outcome).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^No healthy sending IP is available/),
    });
  });

  it("refuses a domain of another tenant or none with NOT_FOUND, and a second active assignment with CONFLICT", async () => {
    const [tenant, other] = [await createTestTenant(database.db), await createTestTenant(database.db)];
    await pool(1);
    const foreign = await trpcFailure(
      staff.admin.ipAssignments.assign({
        tenantId: tenant.tenantId,
        domainId: await domainOf(database.db, other.tenantId),
      }),
    );
    expect([foreign.code, foreign.message]).toEqual(["NOT_FOUND", "Domain not found"]);

    const domainId = await domainOf(database.db, tenant.tenantId);
    const first = await staff.admin.ipAssignments.assign({ tenantId: tenant.tenantId, domainId });
    const again = await trpcFailure(staff.admin.ipAssignments.assign({ tenantId: tenant.tenantId, domainId }));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toContain(first.id);
  });

  it("stays exact under 50 concurrent assigns: no IP over-assigned, counts equal active assignments, spread evenly", async () => {
    const tenants = [await createTestTenant(database.db), await createTestTenant(database.db)];
    const { ips, start } = await pool(5);
    const targets = [];
    for (let i = 0; i < 50; i++) {
      const tenantId = (tenants[i % 2] as (typeof tenants)[0]).tenantId;
      targets.push({ tenantId, domainId: await domainOf(database.db, tenantId) });
    }
    const results = await Promise.all(targets.map((t) => staff.admin.ipAssignments.assign(t)));
    expect(new Set(results.map((r) => r.domainId)).size).toBe(50);

    const counts = await countsOf(ips.map((ip) => ip.id));
    for (const ip of ips) {
      const active = await activeAssignmentsOn(ip.id);
      expect({ ip: ip.id, count: (counts.get(ip.id) ?? 0) - start, active }).toEqual({
        ip: ip.id,
        count: 10,
        active: 10,
      });
    }
  });

  it("gives one domain at most one active assignment when assigns for it race", async () => {
    const tenant = await createTestTenant(database.db);
    const { ips, start } = await pool(2);
    const domainId = await domainOf(database.db, tenant.tenantId);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => staff.admin.ipAssignments.assign({ tenantId: tenant.tenantId, domainId })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const counts = await countsOf(ips.map((ip) => ip.id));
    expect([...counts.values()].reduce((sum, n) => sum + n - start, 0)).toBe(1);
  });
});

describe("admin.ipAssignments.release / updateWarmup / list", () => {
  it("releases once, giving the IP its slot back", async () => {
    const tenant = await createTestTenant(database.db);
    const { ips, start } = await pool(1);
    const ip = ips[0] as (typeof ips)[0];
    const domainId = await domainOf(database.db, tenant.tenantId);
    const assignment = await staff.admin.ipAssignments.assign({ tenantId: tenant.tenantId, domainId });
    const released = await staff.admin.ipAssignments.release({ tenantId: tenant.tenantId, id: assignment.id });
    expect(released.status).toBe("released");
    expect((await countsOf([ip.id])).get(ip.id)).toBe(start);
    const twice = await trpcFailure(
      staff.admin.ipAssignments.release({ tenantId: tenant.tenantId, id: assignment.id }),
    );
    expect(twice.code).toBe("CONFLICT");
    expect((await countsOf([ip.id])).get(ip.id)).toBe(start);
    expect((await tenant.caller.domains.get({ id: domainId })).ipAssignment).toBeNull();

    // Released, the domain can be assigned again.
    const next = await staff.admin.ipAssignments.assign({ tenantId: tenant.tenantId, domainId });
    expect(next.status).toBe("active");
  });

  it("releases assignments whose expiry has passed, giving their IPs the slots back, and only those", async () => {
    const tenant = await createTestTenant(database.db);
    const { ips, start } = await pool(1);
    const ip = ips[0] as (typeof ips)[0];
    const expiring = await staff.admin.ipAssignments.assign({
      tenantId: tenant.tenantId,
      domainId: await domainOf(database.db, tenant.tenantId),
    });
    const lasting = await staff.admin.ipAssignments.assign({
      tenantId: tenant.tenantId,
      domainId: await domainOf(database.db, tenant.tenantId),
    });
    // Dates far in the past, so a run on a database shared with other test files touches only these.
    const expiry = new Date("2001-01-01T00:00:00Z");
    await database.db
      .update(schema.domainIpAssignments)
      .set({ expires: expiry })
      .where(eq(schema.domainIpAssignments.id, expiring.id));
    await database.db
      .update(schema.domainIpAssignments)
      .set({ expires: new Date(expiry.getTime() + 3600_000) })
      .where(eq(schema.domainIpAssignments.id, lasting.id));
    expect((await countsOf([ip.id])).get(ip.id)).toBe(start + 2);

    expect(await releaseExpiredAssignments(database.db, new Date(expiry.getTime() + 60_000))).toBe(1);
    const list = await staff.admin.ipAssignments.list({ tenantId: tenant.tenantId });
    const statusOf = (id: string) => list.items.find((a) => a.id === id)?.status;
    expect([statusOf(expiring.id), statusOf(lasting.id)]).toEqual(["released", "active"]);
    expect((await countsOf([ip.id])).get(ip.id)).toBe(start + 1);
    expect(await releaseExpiredAssignments(database.db, new Date(expiry.getTime() + 60_000))).toBe(0);
  });

  it("moves warmup new → warming → warm, pauses and resumes, refusing other moves", async () => {
    const tenant = await createTestTenant(database.db);
    await pool(1);
    const domainId = await domainOf(database.db, tenant.tenantId);
    const { id } = await staff.admin.ipAssignments.assign({ tenantId: tenant.tenantId, domainId });
    const move = (warmupState: "new" | "warming" | "warm" | "paused", extra = {}) =>
      staff.admin.ipAssignments.updateWarmup({ tenantId: tenant.tenantId, id, warmupState, ...extra });

    expect((await trpcFailure(move("warm"))).code).toBe("CONFLICT");
    const lastSent = new Date("2026-11-20T10:00:00Z");
    const expires = new Date("2027-01-01T00:00:00Z");
    expect(await move("warming", { lastSent, expires })).toMatchObject({ warmupState: "warming", lastSent, expires });
    expect((await tenant.caller.domains.get({ id: domainId })).ipAssignment?.warmupState).toBe("warming");
    expect((await move("paused")).warmupState).toBe("paused");
    expect((await trpcFailure(move("warm"))).code).toBe("CONFLICT");
    expect((await trpcFailure(move("new"))).code).toBe("CONFLICT");
    expect((await move("warming")).warmupState).toBe("warming");
    const warm = await move("warm", { expires: null });
    expect(warm).toMatchObject({ warmupState: "warm", lastSent, expires: null });
    expect((await trpcFailure(move("warming"))).code).toBe("CONFLICT");

    await staff.admin.ipAssignments.release({ tenantId: tenant.tenantId, id });
    expect((await trpcFailure(move("paused"))).code).toBe("CONFLICT");
  });

  it("answers NOT_FOUND for an assignment named under another tenant", async () => {
    const [tenant, other] = [await createTestTenant(database.db), await createTestTenant(database.db)];
    await pool(1);
    const domainId = await domainOf(database.db, other.tenantId);
    const { id } = await staff.admin.ipAssignments.assign({ tenantId: other.tenantId, domainId });
    const release = await trpcFailure(staff.admin.ipAssignments.release({ tenantId: tenant.tenantId, id }));
    const warmup = await trpcFailure(
      staff.admin.ipAssignments.updateWarmup({ tenantId: tenant.tenantId, id, warmupState: "warming" }),
    );
    expect([release.code, warmup.code]).toEqual(["NOT_FOUND", "NOT_FOUND"]);
    const list = await trpcFailure(staff.admin.ipAssignments.list({ tenantId: tenant.tenantId, domainId }));
    expect(list.code).toBe("NOT_FOUND");
  });

  it("lists by tenant, domain, IP and status, newest first", async () => {
    const tenant = await createTestTenant(database.db);
    const { ips } = await pool(1);
    const ip = ips[0] as (typeof ips)[0];
    const a = await staff.admin.ipAssignments.assign({
      tenantId: tenant.tenantId,
      domainId: await domainOf(database.db, tenant.tenantId),
    });
    const b = await staff.admin.ipAssignments.assign({
      tenantId: tenant.tenantId,
      domainId: await domainOf(database.db, tenant.tenantId),
    });
    await staff.admin.ipAssignments.release({ tenantId: tenant.tenantId, id: a.id });

    const ids = async (input: Parameters<typeof staff.admin.ipAssignments.list>[0]) =>
      (await staff.admin.ipAssignments.list(input)).items.map((r) => r.id);
    expect(await ids({ tenantId: tenant.tenantId })).toEqual([b.id, a.id]);
    expect(await ids({ tenantId: tenant.tenantId, status: "active" })).toEqual([b.id]);
    expect(await ids({ tenantId: tenant.tenantId, domainId: a.domainId })).toEqual([a.id]);
    expect(await ids({ smtpIpAddressId: ip.id })).toEqual([b.id, a.id]);
    const page = await staff.admin.ipAssignments.list({ tenantId: tenant.tenantId, limit: 1 });
    expect(page.nextCursor).toBe(b.id);
  });
});
