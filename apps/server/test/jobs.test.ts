import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { createTestTenant, openTestDatabase, useTestDatabase } from "@outbound/testing";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Jobs, startJobs } from "../src/jobs.js";
import { createLogger } from "../src/logger.js";

const database = useTestDatabase();
const HOUR = 3_600_000;
let jobs: Jobs | undefined;

afterEach(async () => {
  await jobs?.stop();
  jobs = undefined;
});

function capturedLogger() {
  const lines: { msg: string; [key: string]: unknown }[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/**
 * A tenant's campaign scheduled for an hour ago with no steps, so its launch checks fail (as when
 * a mailbox is disabled after scheduling). Written directly: scheduling checks the steps too.
 */
async function dueCampaignWithoutSteps() {
  const tenant = await createTestTenant(database.db, { plan: "scale" });
  const company = await tenant.caller.companies.create({ name: "Jobs", workspaceName: `jobs-${randomUUID()}` });
  const campaign = await tenant.caller.campaigns.create({ companyId: company.id, name: "Due" });
  await database.db
    .update(schema.campaigns)
    .set({ status: "scheduled", scheduled: new Date(Date.now() - HOUR) })
    .where(and(eq(schema.campaigns.tenantId, tenant.tenantId), eq(schema.campaigns.id, campaign.id)));
  return { tenant, campaign };
}

describe("periodic jobs", () => {
  it("try due campaigns on every tick, report the ones that can't launch, and leave them scheduled", async () => {
    const { tenant, campaign } = await dueCampaignWithoutSteps();
    const { logger, lines } = capturedLogger();
    jobs = startJobs({ db: database.db, logger, intervalMs: 10, renewLocalSubscriptions: false });
    const failuresFor = () =>
      lines.filter(
        (l) => l.msg.startsWith("scheduled campaign not launched") && (l.campaign as { id: string }).id === campaign.id,
      );
    await vi.waitFor(() => expect(failuresFor().length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    expect(failuresFor()[0]?.campaign).toMatchObject({ tenantId: tenant.tenantId, code: "CONFLICT" });
    expect((await tenant.caller.campaigns.get({ id: campaign.id })).status).toBe("scheduled");

    await jobs.stop();
    const seen = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.length).toBe(seen);
  });

  it("renews a local subscription whose period ended, only when asked to", async () => {
    const tenant = await createTestTenant(database.db, { plan: "starter" });
    const ended = new Date(Date.now() - HOUR);
    const mine = eq(schema.subscriptions.tenantId, tenant.tenantId);
    await database.db.update(schema.subscriptions).set({ currentPeriodEnd: ended }).where(mine);
    const period = async () =>
      (
        await database.db
          .select({ start: schema.subscriptions.currentPeriodStart, end: schema.subscriptions.currentPeriodEnd })
          .from(schema.subscriptions)
          .where(mine)
      )[0];

    const { logger } = capturedLogger();
    const off = startJobs({ db: database.db, logger, intervalMs: 60_000, renewLocalSubscriptions: false });
    await off.runOnce();
    await off.stop();
    expect((await period())?.end).toEqual(ended);

    jobs = startJobs({ db: database.db, logger, intervalMs: 60_000, renewLocalSubscriptions: true });
    await jobs.runOnce();
    const renewed = await period();
    expect(renewed?.start).toEqual(ended);
    expect(renewed?.end?.getTime()).toBeGreaterThan(Date.now());
  });

  it("logs a failing run and keeps ticking", async () => {
    const { logger, lines } = capturedLogger();
    const closed = await openTestDatabase();
    await closed.close();
    jobs = startJobs({ db: closed.db, logger, intervalMs: 10, renewLocalSubscriptions: true });
    await vi.waitFor(() => expect(lines.filter((l) => l.msg === "periodic jobs failed").length).toBeGreaterThan(1), {
      timeout: 10_000,
    });
  });

  it("refresh the planner's statistics of tables that changed a lot, when asked to", async () => {
    const tenant = await createTestTenant(database.db);
    const stats = async () => {
      const [row] = await database.db
        .select({ live: sql<number>`n_live_tup::int`, analyzed: sql<string | null>`last_analyze::text` })
        .from(sql`pg_stat_user_tables`)
        .where(sql`relname = 'leads'`);
      return row;
    };
    const before = await stats();
    const count = 100 + Math.ceil((before?.live ?? 0) * 0.2);
    for (let start = 0; start < count; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
        tenantId: tenant.tenantId,
        email: `stats-${start + i}@example.test`,
      }));
      await database.db.insert(schema.leads).values(rows);
    }
    const { logger, lines } = capturedLogger();
    jobs = startJobs({
      db: database.db,
      logger,
      intervalMs: 10,
      renewLocalSubscriptions: false,
      analyzeChangedTables: true,
    });
    // The server publishes table statistics within a second or so of a commit.
    await vi.waitFor(
      () => expect(lines.find((l) => l.msg === "planner statistics refreshed")?.tables).toContain("public.leads"),
      { timeout: 10_000 },
    );
    expect((await stats())?.analyzed).not.toBe(before?.analyzed ?? null);
  });
});

describe("purging rows nothing reads any more", () => {
  it("deletes expired idempotency keys, old webhook event ids and long-ended sessions, and keeps the rest", async () => {
    const tenant = await createTestTenant(database.db);
    // A "now" in 2001 and rows around it, so the purge touches no other test's rows on a shared database.
    const now = new Date("2001-03-01T00:00:00Z");
    const days = (n: number) => new Date(now.getTime() + n * 24 * HOUR);
    const tag = randomUUID();
    await database.db.insert(schema.idempotencyKeys).values([
      { tenantId: tenant.tenantId, key: `gone-${tag}`, path: "leads.create", requestHash: "h", expires: days(-1) },
      { tenantId: tenant.tenantId, key: `kept-${tag}`, path: "leads.create", requestHash: "h", expires: days(1) },
    ]);
    await database.db.insert(schema.webhookEvents).values([
      { id: `evt_gone_${tag}`, source: "stripe", type: "invoice.paid", processed: days(-31) },
      { id: `evt_kept_${tag}`, source: "stripe", type: "invoice.paid", processed: days(-29) },
    ]);
    const session = (label: string, fields: { expires: Date; revoked?: Date }) => ({
      tokenHash: `${label}-${tag}`,
      userId: tenant.ownerUserId,
      tenantId: tenant.tenantId,
      ...fields,
    });
    await database.db
      .insert(schema.sessions)
      .values([
        session("expired-long-ago", { expires: days(-8) }),
        session("revoked-long-ago", { expires: days(30), revoked: days(-8) }),
        session("expired-recently", { expires: days(-6) }),
        session("live", { expires: days(1) }),
      ]);

    const { logger, lines } = capturedLogger();
    jobs = startJobs({ db: database.db, logger, intervalMs: 60_000, renewLocalSubscriptions: false, now: () => now });
    await jobs.runOnce();

    const keys = await database.db
      .select({ key: schema.idempotencyKeys.key })
      .from(schema.idempotencyKeys)
      .where(eq(schema.idempotencyKeys.tenantId, tenant.tenantId));
    expect(keys.map((k) => k.key)).toEqual([`kept-${tag}`]);
    const events = await database.db
      .select({ id: schema.webhookEvents.id })
      .from(schema.webhookEvents)
      .where(sql`${schema.webhookEvents.id} like ${`%${tag}`}`);
    expect(events.map((e) => e.id)).toEqual([`evt_kept_${tag}`]);
    const sessions = await database.db
      .select({ tokenHash: schema.sessions.tokenHash })
      .from(schema.sessions)
      .where(sql`${schema.sessions.tokenHash} like ${`%${tag}`}`);
    expect(sessions.map((s) => s.tokenHash).sort()).toEqual([`expired-recently-${tag}`, `live-${tag}`]);
    expect(lines.find((l) => l.msg === "expired rows purged")?.purged).toMatchObject({
      idempotencyKeys: 1,
      webhookEvents: 1,
      sessions: 2,
    });
  });
});
