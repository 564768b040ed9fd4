import { schema } from "@outbound/db";
import { createTestTenant, trpcFailure, useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createVps, insertAssignment, staffCaller, unique, uniqueIpv6 } from "./admin-ip-pool-helpers.js";

const database = useTestDatabase();
let staff: Awaited<ReturnType<typeof staffCaller>>;

beforeAll(async () => {
  staff = await staffCaller(database.db);
});

const tomorrow = () => new Date(Date.now() + 86_400_000);
const missingId = "0190a1b2-0000-7000-8000-000000000000";

describe("admin.vps", () => {
  it("creates, reads, lists and updates a VPS with exact money and billing dates", async () => {
    const region = `r-${unique()}`;
    const start = new Date("2026-11-01T00:00:00Z");
    const end = new Date("2026-12-01T00:00:00Z");
    const vps = await createVps(staff, {
      region,
      ipAddress: "2001:DB8::1",
      monthlyCost: "1234567890.99",
      approximateCost: "0.1",
      hostwindsBillingDay: 1,
      currentBillingPeriodStart: start,
      currentBillingPeriodEnd: end,
    });
    expect(vps).toMatchObject({
      ipAddress: "2001:db8::1",
      status: "active",
      monthlyCost: "1234567890.99",
      approximateCost: "0.10",
      currentBillingPeriodStart: start,
      currentBillingPeriodEnd: end,
      decommissionScheduledFor: null,
    });
    expect(await staff.admin.vps.get({ id: vps.id })).toEqual(vps);

    const updated = await staff.admin.vps.update({
      id: vps.id,
      status: "maintenance",
      monthlyCost: "30",
      expectedUpdated: vps.updated,
    });
    expect(updated).toMatchObject({ status: "maintenance", monthlyCost: "30.00" });
    const stale = await trpcFailure(staff.admin.vps.update({ id: vps.id, region: "x", expectedUpdated: vps.updated }));
    expect(stale.code).toBe("CONFLICT");

    const second = await createVps(staff, { region });
    const page = await staff.admin.vps.list({ region, limit: 1 });
    expect(page.items.map((v) => v.id)).toEqual([second.id]);
    const rest = await staff.admin.vps.list({ region, cursor: page.nextCursor ?? "" });
    expect(rest).toEqual({ items: [updated], nextCursor: null });
    expect((await staff.admin.vps.list({ region, status: "maintenance" })).items.map((v) => v.id)).toEqual([vps.id]);
  });

  it("refuses bad addresses, money, dates and a duplicate Hostwinds id", async () => {
    for (const input of [
      { ipAddress: "300.1.1.1" },
      { ipAddress: "example.com" },
      { monthlyCost: "12.345" },
      { monthlyCost: "-1" },
      { monthlyCost: "12345678901" },
      { currentBillingPeriodStart: new Date("2026-12-01"), currentBillingPeriodEnd: new Date("2026-12-01") },
    ]) {
      expect({ input, code: (await trpcFailure(createVps(staff, input))).code }).toEqual({
        input,
        code: "BAD_REQUEST",
      });
    }
    const vps = await createVps(staff);
    const duplicate = await trpcFailure(createVps(staff, { hostwindsInstanceId: vps.hostwindsInstanceId }));
    expect([duplicate.code, duplicate.message]).toEqual([
      "CONFLICT",
      `A VPS with Hostwinds instance id ${vps.hostwindsInstanceId} already exists`,
    ]);
  });

  it("replays a create with the same idempotency key instead of creating twice", async () => {
    const input = { idempotencyKey: `vps-${unique()}`, hostwindsInstanceId: `hw-${unique()}` };
    const first = await createVps(staff, input);
    expect(await createVps(staff, input)).toEqual(first);
    const ip = { vpsInstanceId: first.id, ipAddress: uniqueIpv6(), idempotencyKey: `ip-${unique()}` };
    expect(await staff.admin.smtpIps.create(ip)).toEqual(await staff.admin.smtpIps.create(ip));
  });

  it("checks the billing period against the stored end when only the start changes", async () => {
    const vps = await createVps(staff, {
      currentBillingPeriodStart: new Date("2026-11-01"),
      currentBillingPeriodEnd: new Date("2026-12-01"),
    });
    const error = await trpcFailure(
      staff.admin.vps.update({ id: vps.id, currentBillingPeriodStart: new Date("2026-12-02") }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect((await trpcFailure(staff.admin.vps.get({ id: missingId }))).code).toBe("NOT_FOUND");
    expect((await trpcFailure(staff.admin.vps.update({ id: missingId, region: "x" }))).code).toBe("NOT_FOUND");
  });

  it("refuses to decommission a VPS whose IPs carry assignments unless forced, which releases them", async () => {
    const tenant = await createTestTenant(database.db);
    const vps = await createVps(staff);
    const ip = await staff.admin.smtpIps.create({ vpsInstanceId: vps.id, ipAddress: uniqueIpv6() });
    const idle = await staff.admin.smtpIps.create({ vpsInstanceId: vps.id, ipAddress: uniqueIpv6() });
    const first = await insertAssignment(database.db, { tenantId: tenant.tenantId, smtpIpAddressId: ip.id });
    const second = await insertAssignment(database.db, { tenantId: tenant.tenantId, smtpIpAddressId: ip.id });

    const past = await trpcFailure(
      staff.admin.vps.scheduleDecommission({ id: vps.id, at: new Date(Date.now() - 1000) }),
    );
    expect(past.code).toBe("BAD_REQUEST");

    const refused = await trpcFailure(staff.admin.vps.scheduleDecommission({ id: vps.id, at: tomorrow() }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.cause).toMatchObject({
      details: {
        blockers: [first, second].map((a) => `assignment ${a.id} of tenant ${tenant.tenantId} on ${ip.ipAddress}`),
      },
    });
    const decommissioned = await trpcFailure(staff.admin.vps.update({ id: vps.id, status: "decommissioned" }));
    expect(decommissioned.code).toBe("CONFLICT");
    expect((await staff.admin.vps.get({ id: vps.id })).status).toBe("active");

    const at = tomorrow();
    const result = await staff.admin.vps.scheduleDecommission({ id: vps.id, at, force: true });
    expect(result.vps).toMatchObject({ status: "decommissioning", decommissionScheduledFor: at });
    expect(result.releasedAssignments.map((a) => a.id)).toEqual([first.id, second.id]);
    expect((await staff.admin.smtpIps.get({ id: ip.id })).assignedCount).toBe(0);
    expect((await staff.admin.smtpIps.get({ id: idle.id })).assignedCount).toBe(0);
    const rows = await database.db
      .select({ status: schema.domainIpAssignments.status })
      .from(schema.domainIpAssignments)
      .where(eq(schema.domainIpAssignments.smtpIpAddressId, ip.id));
    expect(rows.map((r) => r.status)).toEqual(["released", "released"]);

    expect((await staff.admin.vps.update({ id: vps.id, status: "decommissioned" })).status).toBe("decommissioned");
  });
});

describe("admin.smtpIps", () => {
  it("creates IPs on a VPS, unique across the pool, and records reputation checks", async () => {
    const vps = await createVps(staff);
    const address = uniqueIpv6();
    const ip = await staff.admin.smtpIps.create({
      vpsInstanceId: vps.id,
      ipAddress: address.toUpperCase(),
      approximateCost: "3.5",
    });
    expect(ip).toMatchObject({
      vpsInstanceId: vps.id,
      ipAddress: address,
      status: "active",
      reputationState: "good",
      approximateCost: "3.50",
      assignedCount: 0,
      providerBlacklistStatus: {},
      lastReputationCheck: null,
    });
    const duplicate = await trpcFailure(staff.admin.smtpIps.create({ vpsInstanceId: vps.id, ipAddress: address }));
    expect(duplicate.code).toBe("CONFLICT");
    expect(
      (await trpcFailure(staff.admin.smtpIps.create({ vpsInstanceId: missingId, ipAddress: uniqueIpv6() }))).code,
    ).toBe("NOT_FOUND");
    expect((await trpcFailure(staff.admin.smtpIps.create({ vpsInstanceId: vps.id, ipAddress: "1.2.3" }))).code).toBe(
      "BAD_REQUEST",
    );

    const before = new Date();
    const checked = await staff.admin.smtpIps.recordReputation({
      id: ip.id,
      reputationState: "poor",
      providerBlacklistStatus: { spamhaus: true, barracuda: false },
    });
    expect(checked).toMatchObject({
      reputationState: "poor",
      providerBlacklistStatus: { spamhaus: true, barracuda: false },
    });
    expect(checked.lastReputationCheck?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);

    const paused = await staff.admin.smtpIps.update({ id: ip.id, status: "paused", expectedUpdated: checked.updated });
    expect(paused.status).toBe("paused");
    const listed = await staff.admin.smtpIps.list({ vpsInstanceId: vps.id });
    expect(listed.items.map((i) => i.id)).toEqual([ip.id]);
    expect((await trpcFailure(staff.admin.smtpIps.list({ vpsInstanceId: missingId }))).code).toBe("NOT_FOUND");
  });
});
