import { schema } from "@outbound/db";
import { useTestDatabase } from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addLeads, campaignWith, enroll, enrollments, messagesOf, sendingTenant } from "./support/fixture.js";
import { usePeers } from "./support/peers.js";

const HOUR = 3_600_000;
const database = useTestDatabase();
const peers = usePeers();

describe("what stops and resumes sending", () => {
  it("sends nothing while paused and picks the sequence up on resume", async () => {
    const { db } = database;
    const t = await sendingTenant(db, peers);
    const { campaign } = await campaignWith(t, [
      { stepType: "email" },
      { stepType: "wait", waitDurationHours: 1 },
      { stepType: "email", subjectOverride: "Second" },
    ]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(db, t.tenantId, 4);
    await enroll(
      db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      t.clock.now(),
    );
    const worker = t.worker();
    await worker.drain();
    await t.caller.campaigns.pause({ id: campaign.id });
    t.clock.advance(3 * HOUR);
    expect(await worker.drain()).toBe(0);
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(4);
    await t.caller.campaigns.resume({ id: campaign.id });
    await worker.drain();
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(8);
  });

  it("sends nothing for a suspended tenant, and picks up where it stopped once the suspension is lifted", async () => {
    const { db } = database;
    const t = await sendingTenant(db, peers);
    const { campaign } = await campaignWith(t, [{ stepType: "email" }]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(db, t.tenantId, 3);
    await enroll(
      db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      t.clock.now(),
    );
    await db.update(schema.tenants).set({ suspended: t.clock.now() }).where(eq(schema.tenants.id, t.tenantId));
    const worker = t.worker();
    expect(await worker.drain()).toBe(0);
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(0);
    await db.update(schema.tenants).set({ suspended: null }).where(eq(schema.tenants.id, t.tenantId));
    await worker.drain();
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(3);
  });

  it("stops a lead whose domain is suppressed mid-campaign, and only that lead", async () => {
    const { db } = database;
    const t = await sendingTenant(db, peers);
    const { campaign } = await campaignWith(t, [
      { stepType: "email" },
      { stepType: "wait", waitDurationHours: 24 },
      { stepType: "email" },
    ]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const [stopped, kept] = await addLeads(db, t.tenantId, 2);
    if (!stopped || !kept) throw new Error("leads missing");
    await db
      .update(schema.leads)
      .set({ email: "cto@blocked.example.test" })
      .where(and(eq(schema.leads.tenantId, t.tenantId), eq(schema.leads.id, stopped.id)));
    await enroll(db, t.tenantId, campaign.id, [stopped.id, kept.id], t.clock.now());
    const worker = t.worker();
    await worker.drain();
    await db
      .insert(schema.suppressions)
      .values({ tenantId: t.tenantId, value: "@blocked.example.test", reason: "manual" });
    t.clock.advance(25 * HOUR);
    await worker.drain();
    const messages = await messagesOf(db, t.tenantId, campaign.id);
    expect(messages.filter((m) => m.leadId === stopped.id)).toHaveLength(1);
    expect(messages.filter((m) => m.leadId === kept.id)).toHaveLength(2);
    const byLead = new Map((await enrollments(db, t.tenantId, campaign.id)).map((e) => [e.leadId, e]));
    expect(byLead.get(stopped.id)).toMatchObject({ status: "finished", finishedReason: "address suppressed" });
  });

  it("waits outside the sending window and sends at its next opening in the campaign's zone, across DST", async () => {
    const { db } = database;
    const t = await sendingTenant(db, peers);
    // Friday 2026-03-06, 17:30 in New York: the window has just closed; DST starts on Sunday.
    t.clock.set(new Date("2026-03-06T22:30:00Z"));
    const { campaign } = await campaignWith(t, [{ stepType: "email" }]);
    await db
      .update(schema.campaigns)
      .set({
        sendingWindow: {
          timezone: "America/New_York",
          days: ["mon", "tue", "wed", "thu", "fri"],
          start_hour: 9,
          end_hour: 17,
        },
      })
      .where(and(eq(schema.campaigns.tenantId, t.tenantId), eq(schema.campaigns.id, campaign.id)));
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(db, t.tenantId, 2);
    await enroll(
      db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      t.clock.now(),
    );
    const worker = t.worker();
    await worker.drain();
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(0);
    const waiting = await enrollments(db, t.tenantId, campaign.id);
    expect(waiting.map((e) => e.nextActionAt?.toISOString())).toEqual(Array(2).fill("2026-03-09T13:00:00.000Z"));
    t.clock.set(new Date("2026-03-09T12:59:00Z"));
    expect(await worker.drain()).toBe(0);
    t.clock.set(new Date("2026-03-09T13:00:00Z"));
    await worker.drain();
    const sent = await messagesOf(db, t.tenantId, campaign.id);
    expect(sent.map((m) => m.sentAt?.toISOString())).toEqual(Array(2).fill("2026-03-09T13:00:00.000Z"));
  });

  it("never sends to a lead already bounced or unsubscribed", async () => {
    const { db } = database;
    const t = await sendingTenant(db, peers);
    const { campaign } = await campaignWith(t, [{ stepType: "email" }]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const [bounced, unsubscribed] = await addLeads(db, t.tenantId, 2);
    if (!bounced || !unsubscribed) throw new Error("leads missing");
    for (const [lead, status] of [
      [bounced, "bounced"],
      [unsubscribed, "unsubscribed"],
    ] as const) {
      await db
        .update(schema.leads)
        .set({ status })
        .where(and(eq(schema.leads.tenantId, t.tenantId), eq(schema.leads.id, lead.id)));
    }
    await enroll(db, t.tenantId, campaign.id, [bounced.id, unsubscribed.id], t.clock.now());
    await t.worker().drain();
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(0);
    expect((await enrollments(db, t.tenantId, campaign.id)).map((e) => e.status).sort()).toEqual([
      "bounced",
      "unsubscribed",
    ]);
    expect((await t.caller.campaigns.get({ id: campaign.id })).status).toBe("completed");
  });
});
