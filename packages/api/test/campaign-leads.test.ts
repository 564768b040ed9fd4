import { schema } from "@outbound/db";
import { createTestTenant, type TestTenant, trpcCode, trpcFailure, useTestDatabase } from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { detailsOf, sendingSetup } from "./campaign-helpers.js";

const database = useTestDatabase();
let tenant: TestTenant;
let companyId: string;

beforeEach(async () => {
  tenant = await createTestTenant(database.db, { plan: "scale" });
  companyId = (await sendingSetup(database.db, tenant.tenantId)).companyId;
});

const campaignIn = async (status = "draft", t = tenant, company = companyId) => {
  const [row] = await database.db
    .insert(schema.campaigns)
    .values({ tenantId: t.tenantId, companyId: company, name: "Enroll", status })
    .returning({ id: schema.campaigns.id });
  if (!row) throw new Error("campaign insert returned nothing");
  return row.id;
};

const leadsOf = async (t: TestTenant, emails: string[], status = "new") => {
  const rows = await database.db
    .insert(schema.leads)
    .values(emails.map((email) => ({ tenantId: t.tenantId, email, status })))
    .returning({ id: schema.leads.id });
  return rows.map((r) => r.id);
};

const suppress = (t: TestTenant, value: string) =>
  database.db.insert(schema.suppressions).values({ tenantId: t.tenantId, value });

describe("campaigns.leads", () => {
  it("enrolls leads at step 1 and counts every kind of skip", async () => {
    const campaignId = await campaignIn("active");
    const [fresh = "", other = ""] = await leadsOf(tenant, ["ada@example.test", "bob@example.test"]);
    const [unsub = ""] = await leadsOf(tenant, ["unsub@example.test"], "unsubscribed");
    const [bounced = ""] = await leadsOf(tenant, ["bounced@example.test"], "bounced");
    const [byAddress = "", byDomain = ""] = await leadsOf(tenant, ["Blocked@Example.test", "x@blocked.test"]);
    await suppress(tenant, "blocked@example.test");
    await suppress(tenant, "@blocked.test");
    const foreign = await createTestTenant(database.db);
    const [foreignLead = ""] = await leadsOf(foreign, ["ada@example.test"]);
    const now = new Date();

    const first = await tenant.caller.campaigns.leads.add({
      campaignId,
      leadIds: [fresh, fresh, unsub, bounced, byAddress, byDomain, foreignLead, "0190a000-0000-7000-8000-000000000000"],
    });
    expect(first).toEqual({
      added: 1,
      skipped: { alreadyEnrolled: 0, suppressed: 2, unsubscribed: 1, bounced: 1 },
      matched: 5,
      notFound: 2,
      truncated: false,
    });
    const second = await tenant.caller.campaigns.leads.add({ campaignId, leadIds: [fresh, other] });
    expect(second).toMatchObject({ added: 1, skipped: { alreadyEnrolled: 1 } });

    const [row] = await database.db
      .select()
      .from(schema.campaignLeads)
      .where(and(eq(schema.campaignLeads.tenantId, tenant.tenantId), eq(schema.campaignLeads.leadId, fresh)));
    expect(row).toMatchObject({ status: "active", currentStepOrder: 1, campaignId });
    expect(row?.nextActionAt?.getTime()).toBeGreaterThanOrEqual(now.getTime() - 1000);
  });

  it("enrolls by filter, with search and status", async () => {
    const campaignId = await campaignIn();
    await leadsOf(tenant, ["one@acme.test", "two@acme.test", "three@other.test"]);
    await leadsOf(tenant, ["four@acme.test"], "contacted");
    const r = await tenant.caller.campaigns.leads.add({ campaignId, filter: { search: "acme", status: "new" } });
    expect(r).toMatchObject({ added: 2, matched: 2, notFound: 0, truncated: false });
    const all = await tenant.caller.campaigns.leads.add({ campaignId, filter: {} });
    // A filter leaves out leads already enrolled, so a repeated call moves on to the rest.
    expect(all).toMatchObject({ added: 2, matched: 2, skipped: { alreadyEnrolled: 0 } });
  });

  it("refuses bad input with field errors, and completed or cancelled campaigns with CONFLICT", async () => {
    const campaignId = await campaignIn();
    const both = trpcFailure(tenant.caller.campaigns.leads.add({ campaignId, leadIds: [campaignId], filter: {} }));
    expect((await both).code).toBe("BAD_REQUEST");
    expect(await trpcCode(tenant.caller.campaigns.leads.add({ campaignId }))).toBe("BAD_REQUEST");
    expect(await trpcCode(tenant.caller.campaigns.leads.add({ campaignId, leadIds: [] }))).toBe("BAD_REQUEST");
    expect(await trpcCode(tenant.caller.campaigns.leads.add({ campaignId, leadIds: ["nope"] }))).toBe("BAD_REQUEST");
    for (const status of ["completed", "cancelled"]) {
      const ended = await campaignIn(status);
      const call = tenant.caller.campaigns.leads.add({ campaignId: ended, filter: {} });
      expect(await detailsOf(call)).toEqual({ status });
    }
  });

  it("answers NOT_FOUND for another tenant's campaign", async () => {
    const foreign = await createTestTenant(database.db);
    const foreignCompany = (await sendingSetup(database.db, foreign.tenantId)).companyId;
    const campaignId = await campaignIn("active", foreign, foreignCompany);
    const [lead = ""] = await leadsOf(tenant, ["mine@example.test"]);
    expect(await trpcCode(tenant.caller.campaigns.leads.add({ campaignId, leadIds: [lead] }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.campaigns.leads.remove({ campaignId, leadIds: [lead] }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.campaigns.leads.list({ campaignId }))).toBe("NOT_FOUND");
  });

  it("enrolls 10 000 leads in one call", async () => {
    const campaignId = await campaignIn();
    const emails = Array.from({ length: 10_000 }, (_, i) => `bulk-${i}@example.test`);
    const ids = await leadsOf(tenant, emails);
    const r = await tenant.caller.campaigns.leads.add({ campaignId, leadIds: ids });
    expect(r).toMatchObject({ added: 10_000, matched: 10_000, truncated: false });
    await leadsOf(tenant, ["one-more@example.test"]);
    const byFilter = await tenant.caller.campaigns.leads.add({ campaignId, filter: {} });
    expect(byFilter).toMatchObject({ added: 1, matched: 1, truncated: false });
    const fresh = await campaignIn();
    const capped = await tenant.caller.campaigns.leads.add({ campaignId: fresh, filter: {} });
    expect(capped).toMatchObject({ added: 10_000, matched: 10_000, truncated: true });
  }, 60_000);

  it("removes open enrollments and lists enrollments with lead and last event", async () => {
    const campaignId = await campaignIn("active");
    const [a = "", b = ""] = await leadsOf(tenant, ["a@example.test", "b@example.test"]);
    await tenant.caller.campaigns.leads.add({ campaignId, leadIds: [a, b] });
    const page = await tenant.caller.campaigns.leads.list({ campaignId, limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const rest = await tenant.caller.campaigns.leads.list({ campaignId, cursor: page.nextCursor ?? undefined });
    expect(rest.items).toHaveLength(1);
    const enrollmentOfA = [...page.items, ...rest.items].find((e) => e.leadId === a);
    if (!enrollmentOfA) throw new Error("a is not enrolled");
    expect(enrollmentOfA).toMatchObject({ lead: { email: "a@example.test", status: "new" }, lastEvent: null });

    const t = tenant.tenantId;
    const older = new Date(Date.now() - 60_000);
    await database.db.insert(schema.emailEvents).values([
      { tenantId: t, type: "sent", campaignId, campaignLeadId: enrollmentOfA.id, leadId: a, occurred: older },
      { tenantId: t, type: "opened", campaignId, campaignLeadId: enrollmentOfA.id, leadId: a, occurred: new Date() },
    ]);
    expect(await tenant.caller.campaigns.leads.remove({ campaignId, leadIds: [a] })).toEqual({ removed: 1 });
    expect(await tenant.caller.campaigns.leads.remove({ campaignId, leadIds: [a] })).toEqual({ removed: 0 });
    const finished = await tenant.caller.campaigns.leads.list({ campaignId, status: "finished" });
    expect(finished.items).toMatchObject([
      { leadId: a, status: "finished", finishedReason: "removed", nextActionAt: null, lastEvent: { type: "opened" } },
    ]);
    expect(await trpcCode(tenant.caller.campaigns.leads.list({ campaignId, status: "gone" as "active" }))).toBe(
      "BAD_REQUEST",
    );
  });
});

describe("ending a campaign", () => {
  for (const [action, reason] of [
    ["cancel", "campaign cancelled"],
    ["complete", "campaign completed"],
  ] as const) {
    it(`${action} ends its active and paused enrollments, and no others`, async () => {
      const campaignId = await campaignIn("active");
      const otherCampaign = await campaignIn("active");
      const [a = "", b = "", c = ""] = await leadsOf(tenant, ["a@example.test", "b@example.test", "c@example.test"]);
      await tenant.caller.campaigns.leads.add({ campaignId, leadIds: [a, b, c] });
      await tenant.caller.campaigns.leads.add({ campaignId: otherCampaign, leadIds: [a] });
      const t = tenant.tenantId;
      const set = (leadId: string, status: string) =>
        database.db
          .update(schema.campaignLeads)
          .set({ status })
          .where(
            and(
              eq(schema.campaignLeads.tenantId, t),
              eq(schema.campaignLeads.campaignId, campaignId),
              eq(schema.campaignLeads.leadId, leadId),
            ),
          );
      await set(b, "paused");
      await set(c, "replied");
      await tenant.caller.campaigns[action]({ id: campaignId });
      const statuses = async (id: string) =>
        (await tenant.caller.campaigns.leads.list({ campaignId: id })).items
          .map((e) => ({ leadId: e.leadId, status: e.status, finishedReason: e.finishedReason, due: e.nextActionAt }))
          .sort((x, y) => x.leadId.localeCompare(y.leadId));
      expect(await statuses(campaignId)).toEqual(
        [
          { leadId: a, status: "finished", finishedReason: reason, due: null },
          { leadId: b, status: "finished", finishedReason: reason, due: null },
          { leadId: c, status: "replied", finishedReason: null, due: expect.any(Date) },
        ].sort((x, y) => x.leadId.localeCompare(y.leadId)),
      );
      expect(await statuses(otherCampaign)).toMatchObject([{ leadId: a, status: "active", finishedReason: null }]);
    });
  }
});
