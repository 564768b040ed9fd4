import { ManualClock } from "@outbound/api";
import { schema } from "@outbound/db";
import {
  callerFor,
  createTestPlan,
  createTestTenant,
  sessionFor,
  subscribe,
  type TestTenant,
  trpcCode,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { activateDueCampaigns } from "../src/services/campaigns/campaigns.js";
import { detailsOf, sendingSetup, templateFor } from "./campaign-helpers.js";

const database = useTestDatabase();
let tenant: TestTenant;
let setup: Awaited<ReturnType<typeof sendingSetup>>;

beforeEach(async () => {
  tenant = await createTestTenant(database.db);
  await subscribe(database.db, tenant.tenantId, { slug: "scale" });
  setup = await sendingSetup(database.db, tenant.tenantId);
});

const HOUR = 3600_000;

/** A draft with one valid email step: launchable. */
async function readyCampaign(t: TestTenant = tenant, s = setup, name = "Ready") {
  const campaign = await t.caller.campaigns.create({ companyId: s.companyId, name });
  const template = await templateFor(t);
  await t.caller.campaigns.steps.add({
    campaignId: campaign.id,
    stepType: "email",
    templateId: template.id,
    emailAccountId: s.mailboxId,
  });
  return campaign;
}

async function setStepColumns(stepId: string, values: Partial<typeof schema.campaignSequenceSteps.$inferInsert>) {
  await database.db
    .update(schema.campaignSequenceSteps)
    .set(values)
    .where(
      and(eq(schema.campaignSequenceSteps.tenantId, tenant.tenantId), eq(schema.campaignSequenceSteps.id, stepId)),
    );
}

describe("campaigns", () => {
  it("builds a 5-step sequence, refuses launch with every reason, then launches, pauses, resumes and completes", async () => {
    const c = tenant.caller.campaigns;
    const lead = await tenant.caller.leads.create({
      email: "ada@example.test",
      name: "Ada Lovelace",
      company: "Engines",
    });
    const intro = await templateFor(tenant, "Intro");
    const follow = await templateFor(tenant, "Follow-up");
    const paused = await sendingSetup(database.db, tenant.tenantId, { verified: false, mailboxStatus: "paused" });
    const campaign = await c.create({ companyId: setup.companyId, name: "Q3 outreach", description: "Engines" });
    expect(campaign).toMatchObject({ status: "draft", scheduled: null, launched: null, completed: null });

    const first = await c.steps.add({
      campaignId: campaign.id,
      stepType: "email",
      templateId: intro.id,
      emailAccountId: paused.mailboxId,
      subjectOverride: "Quick one, {{first_name|friend}}",
    });
    const wait = await c.steps.add({
      campaignId: campaign.id,
      stepType: "wait",
      waitDurationHours: 48,
      waitUntilDate: new Date(Date.now() + 100 * HOUR),
    });
    const condition = await c.steps.add({
      campaignId: campaign.id,
      stepType: "condition",
      conditionType: "bounced_twice",
      conditionValue: "soon",
    });
    const second = await c.steps.add({ campaignId: campaign.id, stepType: "email", emailAccountId: setup.mailboxId });
    const last = await c.steps.add({
      campaignId: campaign.id,
      stepType: "wait",
      waitUntilDate: new Date(Date.now() + HOUR),
      isActive: false,
    });
    await setStepColumns(condition.id, { sendCondition: "opened and" });

    const got = await c.get({ id: campaign.id });
    expect(got.steps.map((s) => [s.stepOrder, s.stepType, s.templateName, s.emailAccountEmail])).toEqual([
      [1, "email", "Intro", paused.email],
      [2, "wait", null, null],
      [3, "condition", null, null],
      [4, "email", null, setup.email],
      [5, "wait", null, null],
    ]);

    const refusal = c.launch({ id: campaign.id });
    expect(await trpcCode(refusal)).toBe("CONFLICT");
    expect((await detailsOf(c.launch({ id: campaign.id })))?.blockers).toEqual([
      `step 1 (email) uses mailbox ${paused.email} which is paused, not active`,
      `step 1 (email) uses mailbox ${paused.email} whose domain ${paused.domain} is not verified`,
      "step 2 (wait) needs exactly one of wait_duration_hours or wait_until_date",
      "step 3 (condition) has condition_type bounced_twice, expected one of opened, clicked, replied, not_opened, not_clicked, not_replied",
      "step 3 (condition) has condition_value soon, expected a whole number of hours from 1 to 720",
      "step 3 (condition) has an invalid send_condition: the condition ends where an event or a comparison was expected",
      "step 4 (email) has no template",
    ]);
    expect((await c.get({ id: campaign.id })).status).toBe("draft");

    await c.steps.update({ campaignId: campaign.id, id: first.id, emailAccountId: setup.mailboxId });
    await c.steps.update({ campaignId: campaign.id, id: wait.id, waitUntilDate: null });
    await c.steps.update({
      campaignId: campaign.id,
      id: condition.id,
      conditionType: "not_replied",
      conditionValue: "72",
      sendCondition: "lead.status != 'unsubscribed'",
    });
    await c.steps.update({ campaignId: campaign.id, id: second.id, templateId: follow.id });
    const order = [first.id, wait.id, condition.id, second.id, last.id];
    const reordered = await c.steps.reorder({
      campaignId: campaign.id,
      stepIds: [second.id, ...order.slice(0, 3), last.id],
    });
    expect(reordered.map((s) => [s.id, s.stepOrder])).toEqual([
      [second.id, 1],
      [first.id, 2],
      [wait.id, 3],
      [condition.id, 4],
      [last.id, 5],
    ]);

    const preview = await c.preview({ id: campaign.id, leadId: lead.id });
    expect(preview.map((p) => [p.stepOrder, p.subject, p.content])).toEqual([
      [1, "Hello Ada", "Hi Ada at Engines"],
      [2, "Quick one, Ada", "Hi Ada at Engines"],
    ]);

    const launched = await c.launch({ id: campaign.id });
    expect(launched.status).toBe("active");
    expect(launched.launched).toBeInstanceOf(Date);
    expect(await trpcCode(c.steps.add({ campaignId: campaign.id, stepType: "wait" }))).toBe("CONFLICT");

    expect((await c.pause({ id: campaign.id })).status).toBe("paused");
    await c.steps.remove({ campaignId: campaign.id, id: last.id });
    // An edit while paused that breaks the sequence keeps it paused: resume runs the launch checks.
    const broken = await c.steps.add({ campaignId: campaign.id, stepType: "wait" });
    const refused = await trpcFailure(c.resume({ id: campaign.id }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.cause).toMatchObject({
      details: { blockers: [expect.stringContaining("needs exactly one of wait_duration_hours or wait_until_date")] },
    });
    expect((await c.get({ id: campaign.id })).status).toBe("paused");
    await c.steps.remove({ campaignId: campaign.id, id: broken.id });
    const resumed = await c.resume({ id: campaign.id });
    expect(resumed).toMatchObject({ status: "active", launched: launched.launched });
    const completed = await c.complete({ id: campaign.id });
    expect(completed.status).toBe("completed");
    expect(completed.completed).toBeInstanceOf(Date);
    expect(await trpcCode(c.resume({ id: campaign.id }))).toBe("CONFLICT");
    await c.delete({ id: campaign.id });
    expect(await trpcCode(c.get({ id: campaign.id }))).toBe("NOT_FOUND");
  });

  it("refuses launch of a campaign without an active email step", async () => {
    const campaign = await tenant.caller.campaigns.create({ companyId: setup.companyId, name: "Empty" });
    expect((await detailsOf(tenant.caller.campaigns.launch({ id: campaign.id })))?.blockers).toEqual([
      "the campaign has no active email step",
    ]);
  });

  it("refuses illegal moves with CONFLICT naming the current status", async () => {
    const campaign = await readyCampaign();
    const c = tenant.caller.campaigns;
    for (const move of [c.pause, c.resume, c.complete]) {
      expect(await detailsOf(move({ id: campaign.id }))).toMatchObject({ status: "draft" });
    }
    await c.launch({ id: campaign.id });
    expect(await detailsOf(c.launch({ id: campaign.id }))).toMatchObject({ status: "active" });
    expect(await detailsOf(c.schedule({ id: campaign.id, at: new Date(Date.now() + HOUR) }))).toMatchObject({
      status: "active",
    });
    expect(await trpcCode(c.delete({ id: campaign.id }))).toBe("CONFLICT");
    expect((await c.cancel({ id: campaign.id })).status).toBe("cancelled");
    expect(await detailsOf(c.cancel({ id: campaign.id }))).toMatchObject({ status: "cancelled" });
    await c.delete({ id: campaign.id });
  });

  it("schedules only in the future, and activateDueCampaigns launches the due ones with the same checks", async () => {
    const c = tenant.caller.campaigns;
    const due = await readyCampaign(tenant, setup, "Due");
    const later = await readyCampaign(tenant, setup, "Later");
    const broken = await readyCampaign(tenant, setup, "Broken");
    expect(await trpcCode(c.schedule({ id: due.id, at: new Date(Date.now() - 1000) }))).toBe("BAD_REQUEST");
    const at = new Date(Date.now() + HOUR);
    expect((await c.schedule({ id: due.id, at })).scheduled).toEqual(at);
    await c.schedule({ id: later.id, at: new Date(Date.now() + 3 * HOUR) });
    await c.schedule({ id: broken.id, at });
    await database.db
      .update(schema.emailAccounts)
      .set({ status: "disabled" })
      .where(and(eq(schema.emailAccounts.tenantId, tenant.tenantId), eq(schema.emailAccounts.id, setup.mailboxId)));
    const other = await readyCampaign(tenant, await sendingSetup(database.db, tenant.tenantId), "Other mailbox");
    await c.schedule({ id: other.id, at });

    const report = await activateDueCampaigns(database.db, new Date(Date.now() + 2 * HOUR));
    const mine = (rows: { id: string }[]) =>
      rows.map((r) => r.id).filter((id) => [due.id, later.id, broken.id, other.id].includes(id));
    expect(mine(report.launched)).toEqual([other.id]);
    expect(mine(report.failed).sort()).toEqual([due.id, broken.id].sort());
    expect(report.failed.find((f) => f.id === due.id)?.blockers?.[0]).toContain("which is disabled, not active");
    expect((await c.get({ id: other.id })).status).toBe("active");
    expect((await c.get({ id: due.id })).status).toBe("scheduled");
    expect((await c.get({ id: later.id })).status).toBe("scheduled");
  });

  it("never launches a scheduled campaign of a suspended or deleted tenant", async () => {
    const other = await createTestTenant(database.db);
    await subscribe(database.db, other.tenantId, { slug: "scale" });
    const otherSetup = await sendingSetup(database.db, other.tenantId);
    const suspended = await readyCampaign(tenant, setup, "Suspended tenant");
    const deleted = await readyCampaign(other, otherSetup, "Deleted tenant");
    const at = new Date(Date.now() + HOUR);
    await tenant.caller.campaigns.schedule({ id: suspended.id, at });
    await other.caller.campaigns.schedule({ id: deleted.id, at });
    await database.db
      .update(schema.tenants)
      .set({ suspended: new Date() })
      .where(eq(schema.tenants.id, tenant.tenantId));
    await database.db.update(schema.tenants).set({ deleted: new Date() }).where(eq(schema.tenants.id, other.tenantId));

    const report = await activateDueCampaigns(database.db, new Date(Date.now() + 2 * HOUR));
    const touched = [...report.launched, ...report.failed].map((r) => r.id);
    expect(touched).not.toContain(suspended.id);
    expect(touched).not.toContain(deleted.id);
    const statusOf = async (id: string) =>
      (
        await database.db
          .select({ status: schema.campaigns.status })
          .from(schema.campaigns)
          .where(eq(schema.campaigns.id, id))
      )[0]?.status;
    expect(await statusOf(suspended.id)).toBe("scheduled");
    expect(await statusOf(deleted.id)).toBe("scheduled");
  });

  it("activates due campaigns behind any number that fail their checks (pages through all of them)", async () => {
    const c = tenant.caller.campaigns;
    const blocked = [await readyCampaign(tenant, setup, "Blocked 1"), await readyCampaign(tenant, setup, "Blocked 2")];
    for (const [i, campaign] of blocked.entries())
      await c.schedule({ id: campaign.id, at: new Date(Date.now() + HOUR + i) });
    const ready = await readyCampaign(tenant, await sendingSetup(database.db, tenant.tenantId), "Behind them");
    await c.schedule({ id: ready.id, at: new Date(Date.now() + HOUR + 60_000) });
    await database.db
      .update(schema.emailAccounts)
      .set({ status: "disabled" })
      .where(and(eq(schema.emailAccounts.tenantId, tenant.tenantId), eq(schema.emailAccounts.id, setup.mailboxId)));

    const report = await activateDueCampaigns(database.db, new Date(Date.now() + 2 * HOUR), 1);
    expect(report.launched.map((r) => r.id)).toContain(ready.id);
    expect(report.failed.map((r) => r.id)).toEqual(expect.arrayContaining(blocked.map((b) => b.id)));
    expect((await c.get({ id: ready.id })).status).toBe("active");
  });

  it("launches a due campaign once when activations run side by side, and reports no failure for it", async () => {
    const c = tenant.caller.campaigns;
    const ready = await readyCampaign(tenant, setup, "Raced");
    await c.schedule({ id: ready.id, at: new Date(Date.now() + HOUR) });
    const at = new Date(Date.now() + 2 * HOUR);
    const reports = await Promise.all([1, 2, 3].map(() => activateDueCampaigns(database.db, at)));
    const launched = reports.flatMap((r) => r.launched).filter((r) => r.id === ready.id);
    expect(launched).toHaveLength(1);
    expect(reports.flatMap((r) => r.failed).filter((r) => r.id === ready.id)).toEqual([]);
    expect((await c.get({ id: ready.id })).status).toBe("active");
  });

  it("counts first launches of the current month against max_campaigns_per_month; resuming is not a launch", async () => {
    const limited = await createTestTenant(database.db);
    await subscribe(database.db, limited.tenantId, {
      id: await createTestPlan(database.db, { maxCampaignsPerMonth: 2 }),
    });
    const s = await sendingSetup(database.db, limited.tenantId);
    const old = await readyCampaign(limited, s, "Last month");
    await limited.caller.campaigns.launch({ id: old.id });
    const lastMonth = new Date();
    lastMonth.setUTCDate(0);
    await database.db
      .update(schema.campaigns)
      .set({ launched: lastMonth })
      .where(and(eq(schema.campaigns.tenantId, limited.tenantId), eq(schema.campaigns.id, old.id)));
    const one = await readyCampaign(limited, s, "One");
    const two = await readyCampaign(limited, s, "Two");
    const three = await readyCampaign(limited, s, "Three");
    await limited.caller.campaigns.launch({ id: one.id });
    await limited.caller.campaigns.pause({ id: one.id });
    await limited.caller.campaigns.resume({ id: one.id });
    await limited.caller.campaigns.launch({ id: two.id });
    const refused = limited.caller.campaigns.launch({ id: three.id });
    expect(await trpcCode(refused)).toBe("PAYMENT_REQUIRED");
    expect(await detailsOf(limited.caller.campaigns.launch({ id: three.id }))).toEqual({
      limit: "max_campaigns_per_month",
      allowed: 2,
      used: 2,
    });
    expect((await limited.caller.campaigns.get({ id: three.id })).status).toBe("draft");
  });

  it("counts launches in the injected clock's month, in the launch quota and in billing.usage alike", async () => {
    const clock = new ManualClock(Date.now() - 40 * 24 * HOUR);
    const limited = await createTestTenant(database.db);
    await subscribe(database.db, limited.tenantId, {
      id: await createTestPlan(database.db, { maxCampaignsPerMonth: 1 }),
    });
    const s = await sendingSetup(database.db, limited.tenantId);
    const withKey = callerFor(database.db, `Bearer ${limited.apiKey}`, { clock });
    const session = await sessionFor(database.db, limited.ownerUserId, limited.tenantId);
    const owner = callerFor(database.db, `Bearer ${session}`, { clock });
    const launches = async () =>
      (await owner.billing.usage()).limits.find((l) => l.limit === "max_campaigns_per_month")?.used;

    const earlier = await readyCampaign(limited, s, "Earlier");
    const later = await readyCampaign(limited, s, "Later");
    await withKey.campaigns.launch({ id: earlier.id });
    expect(await launches()).toBe(1);
    expect(await detailsOf(withKey.campaigns.launch({ id: later.id }))).toEqual({
      limit: "max_campaigns_per_month",
      allowed: 1,
      used: 1,
    });

    // A new month on the clock: the earlier launch no longer counts, for the quota or the usage.
    clock.set(new Date());
    expect(await launches()).toBe(0);
    expect((await withKey.campaigns.launch({ id: later.id })).status).toBe("active");
    expect(await launches()).toBe(1);
  });

  it("creates only in the tenant's own companies, and replays an idempotency key", async () => {
    const other = await createTestTenant(database.db);
    const foreign = await sendingSetup(database.db, other.tenantId);
    expect(await trpcCode(tenant.caller.campaigns.create({ companyId: foreign.companyId, name: "X" }))).toBe(
      "NOT_FOUND",
    );
    const input = { companyId: setup.companyId, name: "Once", idempotencyKey: "campaign-once" };
    const a = await tenant.caller.campaigns.create(input);
    const b = await tenant.caller.campaigns.create(input);
    expect(b.id).toBe(a.id);
    expect((await tenant.caller.campaigns.list({})).items.map((x) => x.id)).toEqual([a.id]);
  });

  it("lists by status and company, newest first, and updates with expectedUpdated", async () => {
    const second = await sendingSetup(database.db, tenant.tenantId);
    const a = await tenant.caller.campaigns.create({ companyId: setup.companyId, name: "A" });
    const b = await readyCampaign(tenant, second, "B");
    await tenant.caller.campaigns.launch({ id: b.id });
    const list = tenant.caller.campaigns.list;
    expect((await list({})).items.map((x) => x.name)).toEqual(["B", "A"]);
    expect((await list({ status: "active" })).items.map((x) => x.name)).toEqual(["B"]);
    expect((await list({ companyId: setup.companyId })).items.map((x) => x.name)).toEqual(["A"]);
    const page = await list({ limit: 1 });
    expect((await list({ limit: 1, cursor: page.nextCursor ?? undefined })).items.map((x) => x.name)).toEqual(["A"]);

    const renamed = await tenant.caller.campaigns.update({ id: a.id, name: "A2", expectedUpdated: a.updated });
    expect(renamed.name).toBe("A2");
    expect(await trpcCode(tenant.caller.campaigns.update({ id: a.id, name: "A3", expectedUpdated: a.updated }))).toBe(
      "CONFLICT",
    );
  });

  it("records step executions for a write credential only", async () => {
    const campaign = await readyCampaign();
    const [step] = await tenant.caller.campaigns.steps.list({ campaignId: campaign.id });
    if (!step) throw new Error("no step");
    const input = { campaignId: campaign.id, stepId: step.id };
    await tenant.caller.campaigns.recordStepExecution(input);
    const recorded = await tenant.caller.campaigns.recordStepExecution(input);
    expect(recorded.executedCount).toBe(2);
    expect(recorded.lastExecuted).toBeInstanceOf(Date);
    const reader = callerFor(database.db, `Bearer ${await tenant.newApiKey("read")}`);
    expect(await trpcCode(reader.campaigns.recordStepExecution(input))).toBe("FORBIDDEN");
    expect(await trpcCode(tenant.caller.campaigns.recordStepExecution({ ...input, stepId: campaign.id }))).toBe(
      "NOT_FOUND",
    );
  });
});
