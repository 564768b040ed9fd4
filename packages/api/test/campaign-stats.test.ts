import { schema } from "@outbound/db";
import { createTestTenant, type TestTenant, trpcCode, useTestDatabase } from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { outreachSetup } from "./outreach-helpers.js";

const database = useTestDatabase();
let tenant: TestTenant;

beforeEach(async () => {
  tenant = await createTestTenant(database.db, { plan: "scale" });
});

describe("campaigns.stats", () => {
  it("counts messages by status, distinct events per message, enrollments by status and last errors", async () => {
    const s = await outreachSetup(database.db, tenant.tenantId);
    const [step1, step2, step3] = s.steps;
    if (!step1 || !step2 || !step3) throw new Error("steps missing");
    const ada = await s.enroll("ada@example.test");
    const bob = await s.enroll("bob@example.test", "replied");
    const cy = await s.enroll("cy@example.test", "bounced");
    const dee = await s.enroll("dee@example.test", "paused");
    const eve = await s.enroll("eve@example.test");
    await s.enroll("fay@example.test", "unsubscribed");
    const quota = "Monthly email quota reached (max_emails_per_month)";
    const t = tenant.tenantId;
    const setError = (campaignLeadId: string, lastError: string) =>
      database.db
        .update(schema.campaignLeads)
        .set({ lastError })
        .where(and(eq(schema.campaignLeads.tenantId, t), eq(schema.campaignLeads.id, campaignLeadId)));
    await setError(ada.campaignLeadId, quota);
    await setError(eve.campaignLeadId, quota);
    await setError(dee.campaignLeadId, "paused mailbox: not counted, the enrollment is not active");

    const adaFirst = await s.message(ada, step1.id);
    const bobFirst = await s.message(bob, step1.id);
    await s.message(cy, step1.id, { status: "bounced" });
    await s.message(dee, step1.id, { status: "failed" });
    await s.message(eve, step1.id, { status: "queued", sentAt: null });
    const adaSecond = await s.message(ada, step3.id);
    for (let i = 0; i < 3; i++) await s.event(ada, "opened", { messageId: adaFirst, stepId: step1.id });
    await s.event(bob, "opened", { messageId: bobFirst, stepId: step1.id });
    await s.event(bob, "replied", { messageId: bobFirst, stepId: step1.id });
    await s.event(ada, "clicked", { messageId: adaSecond, stepId: step3.id });
    await s.event(ada, "clicked", { messageId: adaSecond, stepId: step3.id });
    await s.event(ada, "unsubscribed", { messageId: null, stepId: null });

    const stats = await tenant.caller.campaigns.stats({ id: s.campaignId });
    expect(stats.totals).toEqual({
      sent: 3,
      failed: 1,
      bounced: 1,
      queued: 1,
      replied: 1,
      opened: 2,
      clicked: 1,
      unsubscribed: 1,
    });
    const none = { sent: 0, failed: 0, bounced: 0, replied: 0, opened: 0, clicked: 0, unsubscribed: 0 };
    expect(stats.steps).toEqual([
      {
        stepId: step1.id,
        stepOrder: 1,
        stepType: "email",
        ...none,
        sent: 2,
        failed: 1,
        bounced: 1,
        replied: 1,
        opened: 2,
      },
      { stepId: step2.id, stepOrder: 2, stepType: "wait", ...none },
      { stepId: step3.id, stepOrder: 3, stepType: "email", ...none, sent: 1, clicked: 1 },
    ]);
    expect(stats.enrollments).toEqual({
      active: 2,
      paused: 1,
      finished: 0,
      replied: 1,
      bounced: 1,
      unsubscribed: 1,
      failed: 0,
    });
    expect(stats.lastErrors).toEqual([{ error: quota, count: 2 }]);
  });

  it("is all zeros for a campaign with nothing sent; NOT_FOUND for another tenant's; BAD_REQUEST for a bad id", async () => {
    const s = await outreachSetup(database.db, tenant.tenantId, { steps: 1 });
    const stats = await tenant.caller.campaigns.stats({ id: s.campaignId });
    expect(stats.totals.sent).toBe(0);
    expect(stats.steps).toHaveLength(1);
    expect(stats.lastErrors).toEqual([]);
    const other = await createTestTenant(database.db);
    const theirs = await outreachSetup(database.db, other.tenantId);
    expect(await trpcCode(tenant.caller.campaigns.stats({ id: theirs.campaignId }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.campaigns.stats({ id: "nope" }))).toBe("BAD_REQUEST");
  });
});
