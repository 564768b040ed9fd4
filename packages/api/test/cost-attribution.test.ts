import { randomUUID } from "node:crypto";
import { type Database, schema } from "@outbound/db";
import {
  callerFor,
  createTestPlan,
  createTestTenant,
  sessionFor,
  staffWith,
  subscribe,
  useTestDatabase,
} from "@outbound/testing";
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  type AssignmentUsage,
  assignmentEnd,
  attributeCosts,
  moneyToCents,
  monthRange,
} from "../src/services/staff/cost-attribution.js";

const at = (iso: string) => new Date(iso);

/*
 * The hand-computed fixture, February 2031 (28 days), one VPS V (56.00 a month) with two IPs:
 * IP1 (28.00 a month) and IP2 (14.00 a month).
 *   a1: tenant A on IP1 since 2031-01-15, still active          → Feb days 1..28
 *   a2: tenant B on IP1 since 2031-02-15T10:00Z, still active   → Feb days 15..28
 *   a3: tenant B on IP2 from 2031-02-01, released 2031-02-07T12Z → Feb days 1..7
 *   a4: tenant A on IP2 2031-01-01, expired 2031-02-01T00:00Z   → no day of February
 * IP1: 2800 / 28 = 100 cents a day.
 *   days 1..14 only a1:  A 14 × 100      = 1400
 *   days 15..28 a1 + a2: A 14 × 50 = 700, B 14 × 50 = 700          → A 2100, B 700
 * IP2: 1400 / 28 = 50 cents a day. days 1..7 only a3: B 7 × 50 = 350; days 8..28 idle (nobody)
 * V: 5600 / 28 = 200 cents a day, split among assignments on IP1 or IP2 that day:
 *   days 1..7 a1 + a3:   A 7 × 100 = 700,  B 7 × 100 = 700
 *   days 8..14 a1:       A 7 × 200 = 1400
 *   days 15..28 a1 + a2: A 14 × 100 = 1400, B 14 × 100 = 1400   → A 3500, B 2100
 * Revenue: A monthly plan 49.00 + active add-on 2 × 10.50 (stored as its total, 21.00; inactive 99.00 ignored) = 4900 + 2100 = 7000
 *          B yearly plan 500.00 / 12 = 4166.67 → 4167 (half up)
 * A: cost 2100 + 3500 = 5600, margin 7000 − 5600 = 1400
 * B: cost (700 + 350) + 2100 = 3150, margin 4167 − 3150 = 1017
 * Totals: ip 3150, vps 5600, cost 8750, revenue 11167, margin 2417.
 */
const FEBRUARY = {
  A: { ipCostCents: 2100, vpsCostCents: 3500, costCents: 5600, revenueCents: 7000, marginCents: 1400 },
  B: { ipCostCents: 1050, vpsCostCents: 2100, costCents: 3150, revenueCents: 4167, marginCents: 1017 },
};

/*
 * January 2031 (31 days), same data:
 *   a1 days 15..31 (17 days) alone on IP1: A 17 × 2800 / 31 = 47600 / 31 = 1535.48…
 *   a4 days 1..31 alone on IP2:            A 31 × 1400 / 31 = 1400
 *     → A ip, summed exactly before rounding: (47600 + 43400) / 31 = 91000 / 31 = 2935.48… → 2935
 *   V: every day of January has only A's assignments (a4, and a1 from the 15th) → A 31 × 5600 / 31 = 5600
 *   A: cost 2935 + 5600 = 8535, margin 7000 − 8535 = −1535
 *   B has no assignment in January → 0 cost, revenue 4167, margin 4167.
 */
const JANUARY = {
  A: { ipCostCents: 2935, vpsCostCents: 5600, costCents: 8535, revenueCents: 7000, marginCents: -1535 },
  B: { ipCostCents: 0, vpsCostCents: 0, costCents: 0, revenueCents: 4167, marginCents: 4167 },
};

describe("attributeCosts (pure)", () => {
  const usage = (tenantId: string, ip: "IP1" | "IP2", start: string, end: string | null): AssignmentUsage => ({
    tenantId,
    ipId: ip,
    ipCostCents: ip === "IP1" ? 2800 : 1400,
    vpsId: "V",
    vpsCostCents: 5600,
    start: at(start),
    end: end ? at(end) : null,
  });
  const usages = [
    usage("A", "IP1", "2031-01-15T00:00:00Z", null),
    usage("B", "IP1", "2031-02-15T10:00:00Z", null),
    usage("B", "IP2", "2031-02-01T00:00:00Z", "2031-02-07T12:00:00Z"),
    usage("A", "IP2", "2031-01-01T00:00:00Z", "2031-02-01T00:00:00Z"),
  ];
  const revenues = [
    {
      tenantId: "A",
      planSlug: "a",
      billingInterval: "month",
      priceMonthlyCents: 4900,
      priceYearlyCents: 0,
      addonCents: 2100,
    },
    {
      tenantId: "B",
      planSlug: "b",
      billingInterval: "year",
      priceMonthlyCents: 9999,
      priceYearlyCents: 50000,
      addonCents: 0,
    },
  ];
  const byTenant = (month: string) => {
    const { rows, totals } = attributeCosts(monthRange(month), usages, revenues);
    const pick = (id: string) => {
      const r = rows.find((row) => row.tenantId === id);
      return (
        r && {
          ipCostCents: r.ipCostCents,
          vpsCostCents: r.vpsCostCents,
          costCents: r.costCents,
          revenueCents: r.revenueCents,
          marginCents: r.marginCents,
        }
      );
    };
    return { A: pick("A"), B: pick("B"), totals };
  };

  it("matches the hand-computed February", () => {
    const result = byTenant("2031-02");
    expect({ A: result.A, B: result.B }).toEqual(FEBRUARY);
    expect(result.totals).toEqual({
      tenants: 2,
      ipCostCents: 3150,
      vpsCostCents: 5600,
      costCents: 8750,
      revenueCents: 11167,
      marginCents: 2417,
    });
  });

  it("matches the hand-computed January", () => {
    const result = byTenant("2031-01");
    expect({ A: result.A, B: result.B }).toEqual(JANUARY);
  });

  it("rounds each tenant's exact share half up once", () => {
    // 3 cents a month shared by two tenants every day: 1.5 each → 2 each (rows add up to the totals, 4).
    const shared = ["X", "Y"].map((tenantId) => ({
      tenantId,
      ipId: "ip",
      ipCostCents: 3,
      vpsId: "v",
      vpsCostCents: 0,
      start: at("2031-01-01T00:00:00Z"),
      end: null,
    }));
    const { rows, totals } = attributeCosts(monthRange("2031-04"), shared, []);
    expect(rows.map((r) => r.ipCostCents)).toEqual([2, 2]);
    expect(totals.ipCostCents).toBe(4);
    // 1000 cents shared by three every day of a 30-day month: 333.33… → 333 each.
    const three = ["X", "Y", "Z"].map((tenantId) => ({ ...shared[0], tenantId, ipCostCents: 1000 }) as AssignmentUsage);
    expect(attributeCosts(monthRange("2031-04"), three, []).rows.map((r) => r.ipCostCents)).toEqual([333, 333, 333]);
  });

  it("ends an assignment at the earlier of its expiry and its release", () => {
    const updated = at("2031-02-10T00:00:00Z");
    expect(assignmentEnd({ status: "active", expires: null, updated })).toBeNull();
    expect(assignmentEnd({ status: "released", expires: null, updated })).toEqual(updated);
    expect(assignmentEnd({ status: "released", expires: at("2031-02-05T00:00:00Z"), updated })).toEqual(
      at("2031-02-05T00:00:00Z"),
    );
    expect(assignmentEnd({ status: "active", expires: at("2031-03-01T00:00:00Z"), updated })).toEqual(
      at("2031-03-01T00:00:00Z"),
    );
  });

  it("reads money strings exactly", () => {
    expect([
      moneyToCents("12.3"),
      moneyToCents("12.30"),
      moneyToCents("12"),
      moneyToCents("0.05"),
      moneyToCents(null),
    ]).toEqual([1230, 1230, 1200, 5, 0]);
  });
});

const database = useTestDatabase();

const tag = () => randomUUID().replace(/-/g, "").slice(0, 10);

async function domainOf(db: Database, tenantId: string) {
  const t = tag();
  const [company] = await db
    .insert(schema.companies)
    .values({ tenantId, name: "Cost case", workspaceName: `cost-case-${t}` })
    .returning({ id: schema.companies.id });
  if (!company) throw new Error("company insert returned nothing");
  const [domain] = await db
    .insert(schema.domains)
    .values({ tenantId, companyId: company.id, domain: `cost-${t}.example.test` })
    .returning({ id: schema.domains.id });
  if (!domain) throw new Error("domain insert returned nothing");
  return domain.id;
}

/** A random IPv4 in 10/8, so parallel test files on one PostgreSQL never collide on the unique address. */
const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 254) + 1).join(".")}`;

/** The fixture above in the database; IPs are inactive so no concurrent `assign` can put other domains on them. */
async function seedFixture(db: Database) {
  const a = await createTestTenant(db);
  const b = await createTestTenant(db);
  const subA = await subscribe(db, a.tenantId, {
    id: await createTestPlan(db, { priceMonthly: 4900, priceYearly: 49000 }),
  });
  const subB = await subscribe(db, b.tenantId, {
    id: await createTestPlan(db, { priceMonthly: 9999, priceYearly: 50000 }),
  });
  await db
    .update(schema.subscriptions)
    .set({ billingInterval: "year" })
    .where(and(eq(schema.subscriptions.tenantId, b.tenantId), eq(schema.subscriptions.id, subB)));
  await db.insert(schema.subscriptionAddons).values([
    { tenantId: a.tenantId, subscriptionId: subA, addonType: "users", quantity: 2, priceMonthly: "21.00" },
    { tenantId: a.tenantId, subscriptionId: subA, addonType: "domains", priceMonthly: "99.00", isActive: false },
  ]);
  const [vps] = await db
    .insert(schema.vpsInstances)
    .values({ hostwindsInstanceId: `cost-${tag()}`, ipAddress: randomIp(), region: "test", monthlyCost: "56.00" })
    .returning({ id: schema.vpsInstances.id });
  if (!vps) throw new Error("vps insert returned nothing");
  const ip = async (cost: string) => {
    const [row] = await db
      .insert(schema.smtpIpAddresses)
      .values({ vpsInstanceId: vps.id, ipAddress: randomIp(), status: "inactive", approximateCost: cost })
      .returning({ id: schema.smtpIpAddresses.id });
    if (!row) throw new Error("ip insert returned nothing");
    return row.id;
  };
  const [ip1, ip2] = [await ip("28.00"), await ip("14.00")];
  const assignment = async (
    tenantId: string,
    smtpIpAddressId: string,
    fields: { assigned: string; status?: string; updated?: string; expires?: string },
  ) =>
    db.insert(schema.domainIpAssignments).values({
      tenantId,
      domainId: await domainOf(db, tenantId),
      smtpIpAddressId,
      status: fields.status ?? "active",
      assigned: at(fields.assigned),
      expires: fields.expires ? at(fields.expires) : null,
      ...(fields.updated && { updated: at(fields.updated) }),
    });
  await assignment(a.tenantId, ip1, { assigned: "2031-01-15T00:00:00Z" });
  await assignment(b.tenantId, ip1, { assigned: "2031-02-15T10:00:00Z" });
  await assignment(b.tenantId, ip2, {
    assigned: "2031-02-01T00:00:00Z",
    status: "released",
    updated: "2031-02-07T12:00:00Z",
  });
  await assignment(a.tenantId, ip2, { assigned: "2031-01-01T00:00:00Z", expires: "2031-02-01T00:00:00Z" });
  return { a, b };
}

describe("admin.reports.costAttribution", () => {
  it("reports the hand-computed fixture from the database, with totals that add up", async () => {
    const { a, b } = await seedFixture(database.db);
    const caller = (await staffWith(database.db, ["reports:read"], a.tenantId)).caller;
    for (const [month, expected] of [
      ["2031-02", FEBRUARY],
      ["2031-01", JANUARY],
    ] as const) {
      const report = await caller.admin.reports.costAttribution({ month });
      const row = (tenantId: string) => {
        const r = report.items.find((item) => item.tenantId === tenantId);
        return (
          r && {
            ipCostCents: r.ipCostCents,
            vpsCostCents: r.vpsCostCents,
            costCents: r.costCents,
            revenueCents: r.revenueCents,
            marginCents: r.marginCents,
          }
        );
      };
      expect({ month, A: row(a.tenantId), B: row(b.tenantId) }).toEqual({ month, ...expected });
      expect(report.items.find((i) => i.tenantId === b.tenantId)).toMatchObject({ billingInterval: "year" });
      const sum = (f: (i: (typeof report.items)[number]) => number) => report.items.reduce((s, i) => s + f(i), 0);
      expect(report.totals).toMatchObject({
        tenants: report.items.length,
        costCents: sum((i) => i.costCents),
        revenueCents: sum((i) => i.revenueCents),
        marginCents: sum((i) => i.marginCents),
      });
    }
  });

  it("counts an add-on bought through billing.addons.add at the price it is billed, once", async () => {
    const tenant = await createTestTenant(database.db);
    await subscribe(database.db, tenant.tenantId, { id: await createTestPlan(database.db, { priceMonthly: 4900 }) });
    const owner = callerFor(
      database.db,
      `Bearer ${await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId)}`,
    );
    const addon = await owner.billing.addons.add({ type: "users", quantity: 3 });
    expect(addon.priceMonthlyCents).toBe(3000);
    const caller = (await staffWith(database.db, ["reports:read"], tenant.tenantId)).caller;
    const month = new Date().toISOString().slice(0, 7);
    const report = await caller.admin.reports.costAttribution({ month });
    expect(report.items.find((i) => i.tenantId === tenant.tenantId)?.revenueCents).toBe(4900 + 3000);
  });

  it("refuses a malformed month", async () => {
    const tenant = await createTestTenant(database.db);
    const caller = (await staffWith(database.db, ["reports:read"], tenant.tenantId)).caller;
    for (const month of ["2031-13", "2031-1", "31-01", "2031-00"]) {
      const code = await caller.admin.reports
        .costAttribution({ month })
        .then(() => "OK")
        .catch((e: unknown) => (e instanceof TRPCError ? e.code : "?"));
      expect({ month, code }).toEqual({ month, code: "BAD_REQUEST" });
    }
  });
});
