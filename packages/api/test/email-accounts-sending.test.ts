import { schema } from "@outbound/db";
import { trpcCode, useTestDatabase } from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ephemeralSecretStore } from "../src/context.js";
import { localDate, secondsUntilNextLocalDay } from "../src/services/email-accounts/sending.js";
import { usageMonth } from "../src/services/quotas/usage-month.js";
import { failureOf, mailboxRow, mailboxTenant, smtpSettings } from "./email-accounts-helpers.js";

const database = useTestDatabase();
const secrets = ephemeralSecretStore();

type World = Awaited<ReturnType<typeof mailboxTenant>>;
const world = (plan?: Parameters<typeof mailboxTenant>[2]) => mailboxTenant(database.db, secrets, plan);
let counter = 0;
const mailbox = (t: World, extra: { dailyCap?: number } = {}) =>
  t.caller.emailAccounts.create({
    domainId: t.domain.id,
    email: `box${++counter}@${t.domain.domain}`,
    smtp: smtpSettings(),
    ...extra,
  });

async function monthlySent(tenantId: string) {
  const rows = await database.db
    .select({ month: schema.tenantUsage.month, emailsSent: schema.tenantUsage.emailsSent })
    .from(schema.tenantUsage)
    .where(eq(schema.tenantUsage.tenantId, tenantId));
  return rows;
}

describe("local dates", () => {
  it("reads the date in the tenant's zone and the time to its next midnight", () => {
    const at = new Date("2025-03-09T23:30:00Z");
    expect(localDate(at, "UTC")).toBe("2025-03-09");
    expect(localDate(at, "Asia/Tokyo")).toBe("2025-03-10");
    expect(localDate(at, "America/Los_Angeles")).toBe("2025-03-09");
    expect(localDate(at, "Not/AZone")).toBe("2025-03-09");
    expect(secondsUntilNextLocalDay(at, "UTC")).toBe(1800);
    // Los Angeles moved to daylight time that morning: midnight is 07:00 UTC on the 10th.
    expect(secondsUntilNextLocalDay(at, "America/Los_Angeles")).toBe(7.5 * 3600);
    expect(usageMonth(new Date("2025-03-31T23:59:59Z"))).toBe("2025-03-01");
  });
});

describe("emailAccounts.recordSend", () => {
  it("counts sends on the mailbox and in the tenant's month", async () => {
    const t = await world();
    const box = await mailbox(t);
    const first = await t.caller.emailAccounts.recordSend({ id: box.id });
    const month = usageMonth(new Date());
    expect(first).toMatchObject({
      id: box.id,
      dailyCount: 1,
      dailyCap: 50,
      dailyCountDate: localDate(new Date(), "UTC"),
      month,
      monthlyEmailsSent: 1,
      monthlyEmailsAllowed: 10_000,
    });
    const second = await t.caller.emailAccounts.recordSend({ id: box.id, count: 4 });
    expect(second).toMatchObject({ dailyCount: 5, monthlyEmailsSent: 5 });
    expect(await monthlySent(t.tenantId)).toEqual([{ month, emailsSent: 5 }]);
    expect((await t.caller.emailAccounts.get({ id: box.id })).dailyCount).toBe(5);
  });

  it("refuses past the daily cap with TOO_MANY_REQUESTS and counts nothing of the refused send", async () => {
    const t = await world();
    const box = await mailbox(t, { dailyCap: 3 });
    await t.caller.emailAccounts.recordSend({ id: box.id, count: 2 });
    const tooMany = await failureOf(t.caller.emailAccounts.recordSend({ id: box.id, count: 2 }));
    expect(tooMany).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      details: { limit: "daily_cap", allowed: 3, used: 2 },
    });
    expect(tooMany.details.retryAfter).toBeGreaterThan(0);
    expect(tooMany.details.retryAfter).toBeLessThanOrEqual(24 * 3600);
    await t.caller.emailAccounts.recordSend({ id: box.id });
    expect(await trpcCode(t.caller.emailAccounts.recordSend({ id: box.id }))).toBe("TOO_MANY_REQUESTS");
    expect((await monthlySent(t.tenantId))[0]?.emailsSent).toBe(3);
  });

  it("starts a new day from zero, in the tenant's time zone", async () => {
    const t = await world();
    const zone = "Pacific/Kiritimati";
    await database.db.insert(schema.tenantConfig).values({ tenantId: t.tenantId, uiTimezone: zone });
    const box = await mailbox(t, { dailyCap: 2 });
    await t.caller.emailAccounts.recordSend({ id: box.id, count: 2 });
    expect((await mailboxRow(database.db, t.tenantId, box.id))?.dailyCountDate).toBe(localDate(new Date(), zone));
    expect(await trpcCode(t.caller.emailAccounts.recordSend({ id: box.id }))).toBe("TOO_MANY_REQUESTS");

    await database.db
      .update(schema.emailAccounts)
      .set({ dailyCountDate: "2000-01-01" })
      .where(and(eq(schema.emailAccounts.tenantId, t.tenantId), eq(schema.emailAccounts.id, box.id)));
    const nextDay = await t.caller.emailAccounts.recordSend({ id: box.id });
    expect(nextDay).toMatchObject({ dailyCount: 1, dailyCountDate: localDate(new Date(), zone), monthlyEmailsSent: 3 });
  });

  it("refuses past the plan's max_emails_per_month across mailboxes with PAYMENT_REQUIRED", async () => {
    const t = await world({ maxEmailsPerMonth: 5 });
    const a = await mailbox(t);
    const b = await mailbox(t);
    await t.caller.emailAccounts.recordSend({ id: a.id, count: 3 });
    await t.caller.emailAccounts.recordSend({ id: b.id, count: 2 });
    const failure = await failureOf(t.caller.emailAccounts.recordSend({ id: b.id }));
    expect(failure).toMatchObject({
      code: "PAYMENT_REQUIRED",
      details: { limit: "max_emails_per_month", allowed: 5, used: 5 },
    });
    expect((await t.caller.emailAccounts.get({ id: b.id })).dailyCount).toBe(2);
    expect(await trpcCode(t.caller.emailAccounts.recordSend({ id: (await mailbox(t)).id, count: 6 }))).toBe(
      "PAYMENT_REQUIRED",
    );
  });

  it("refuses a mailbox that is not active, and a tenant without a subscription", async () => {
    const t = await world();
    const box = await mailbox(t);
    await t.caller.emailAccounts.setStatus({ id: box.id, status: "paused" });
    const failure = await failureOf(t.caller.emailAccounts.recordSend({ id: box.id }));
    expect(failure).toMatchObject({ code: "CONFLICT", details: { status: "paused" } });
    await t.caller.emailAccounts.setStatus({ id: box.id, status: "active" });
    await t.caller.emailAccounts.recordSend({ id: box.id });

    await database.db
      .update(schema.subscriptions)
      .set({ status: "canceled" })
      .where(eq(schema.subscriptions.tenantId, t.tenantId));
    expect(await trpcCode(t.caller.emailAccounts.recordSend({ id: box.id }))).toBe("PAYMENT_REQUIRED");
    expect((await t.caller.emailAccounts.get({ id: box.id })).dailyCount).toBe(1);
  });

  it("counts exactly the daily cap out of 20 concurrent sends", async () => {
    const t = await world();
    const box = await mailbox(t, { dailyCap: 5 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => t.caller.emailAccounts.recordSend({ id: box.id })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect((await t.caller.emailAccounts.get({ id: box.id })).dailyCount).toBe(5);
    expect((await monthlySent(t.tenantId))[0]?.emailsSent).toBe(5);
  });

  it("counts exactly the monthly quota out of 20 concurrent sends over two mailboxes", async () => {
    const t = await world({ maxEmailsPerMonth: 7 });
    const boxes = [await mailbox(t), await mailbox(t)];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => t.caller.emailAccounts.recordSend({ id: boxes[i % 2]?.id ?? "" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(7);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "PAYMENT_REQUIRED" });
    expect((await monthlySent(t.tenantId))[0]?.emailsSent).toBe(7);
    const counts = await Promise.all(
      boxes.map(async (b) => (await t.caller.emailAccounts.get({ id: b.id })).dailyCount),
    );
    expect((counts[0] ?? 0) + (counts[1] ?? 0)).toBe(7);
  });
});

describe("emailAccounts warmup and status", () => {
  it("starts once, records the activity, and stops once", async () => {
    const t = await world();
    const box = await mailbox(t);
    const started = await t.caller.emailAccounts.startWarmup({ id: box.id });
    expect(started.warmupStarted).toBeInstanceOf(Date);
    expect(started.lastWarmed).toEqual(started.warmupStarted);
    const twice = await failureOf(t.caller.emailAccounts.startWarmup({ id: box.id }));
    expect(twice).toMatchObject({ code: "CONFLICT", details: { status: "warming_up" } });
    const stopped = await t.caller.emailAccounts.stopWarmup({ id: box.id });
    expect(stopped).toMatchObject({ warmupStarted: null, lastWarmed: started.lastWarmed });
    expect(await trpcCode(t.caller.emailAccounts.stopWarmup({ id: box.id }))).toBe("CONFLICT");
  });

  it("counts running warmups against max_warmups", async () => {
    const t = await world({ maxWarmups: 1 });
    const a = await mailbox(t);
    const b = await mailbox(t);
    await t.caller.emailAccounts.startWarmup({ id: a.id });
    expect(await failureOf(t.caller.emailAccounts.startWarmup({ id: b.id }))).toMatchObject({
      code: "PAYMENT_REQUIRED",
      details: { limit: "max_warmups", allowed: 1, used: 1 },
    });
    expect(await trpcCode(t.caller.emailAccounts.startWarmup({ id: a.id }))).toBe("CONFLICT");
    await t.caller.emailAccounts.stopWarmup({ id: a.id });
    await t.caller.emailAccounts.startWarmup({ id: b.id });
  });

  it("lets one of many concurrent warmup starts through at max_warmups 1", async () => {
    const t = await world({ maxWarmups: 1 });
    const boxes = await Promise.all(Array.from({ length: 4 }, () => mailbox(t)));
    const results = await Promise.allSettled(
      [...boxes, ...boxes].map((b) => t.caller.emailAccounts.startWarmup({ id: b.id })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const running = (await t.caller.emailAccounts.list({})).items.filter((m) => m.warmupStarted !== null);
    expect(running).toHaveLength(1);
  });

  it("ends the warmup of a disabled mailbox and refuses to warm it up", async () => {
    const t = await world({ maxWarmups: 1 });
    const box = await mailbox(t);
    await t.caller.emailAccounts.startWarmup({ id: box.id });
    const disabled = await t.caller.emailAccounts.setStatus({ id: box.id, status: "disabled" });
    expect(disabled).toMatchObject({ status: "disabled", warmupStarted: null });
    expect(await failureOf(t.caller.emailAccounts.startWarmup({ id: box.id }))).toMatchObject({
      code: "CONFLICT",
      details: { status: "disabled" },
    });
    const other = await mailbox(t);
    await t.caller.emailAccounts.startWarmup({ id: other.id });
    expect(
      await trpcCode(t.caller.emailAccounts.setStatus({ id: box.id, status: "active", expectedUpdated: box.updated })),
    ).toBe("CONFLICT");
    // @ts-expect-error status outside the enum
    expect(await trpcCode(t.caller.emailAccounts.setStatus({ id: box.id, status: "deleted" }))).toBe("BAD_REQUEST");
  });
});
