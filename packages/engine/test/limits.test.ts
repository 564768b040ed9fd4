import { schema } from "@outbound/db";
import { useTestDatabase } from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addLeads, campaignWith, enroll, enrollments, messagesOf, sendingTenant } from "./support/fixture.js";
import { usePeers } from "./support/peers.js";

const DAY = 86_400_000;
const database = useTestDatabase();
const peers = usePeers();

const sentTo = (since: number) => peers.sink.received.slice(since);

describe("caps, ramp and quotas", () => {
  it("holds a mailbox in warmup to 5, 8, 11 sends on its first days, resuming each new day", async () => {
    const { db } = database;
    const t = await sendingTenant(db, peers);
    const mailbox = t.mailboxes[0];
    if (!mailbox) throw new Error("no mailbox");
    await db
      .update(schema.emailAccounts)
      .set({ warmupStarted: t.clock.now() })
      .where(and(eq(schema.emailAccounts.tenantId, t.tenantId), eq(schema.emailAccounts.id, mailbox.id)));
    const { campaign } = await campaignWith(t, [{ stepType: "email" }]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(db, t.tenantId, 20);
    await enroll(
      db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      t.clock.now(),
    );
    const before = peers.sink.received.length;
    const worker = t.worker();
    const counts: number[] = [];
    for (let day = 0; day < 3; day++) {
      await worker.drain();
      counts.push(sentTo(before).length);
      if (day === 0) {
        const waiting = (await enrollments(db, t.tenantId, campaign.id)).filter((e) => e.currentStepOrder === 1);
        expect(waiting).toHaveLength(15);
        expect(waiting[0]?.lastError).toBe(`mailbox ${mailbox.email} reached its daily cap or warmup allowance`);
        expect(waiting[0]?.nextActionAt?.toISOString()).toBe("2026-03-03T00:00:00.000Z");
      }
      t.clock.advance(DAY);
    }
    expect(counts).toEqual([5, 13, 20]);
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(20);
  });

  it("spreads first emails evenly over the company's mailboxes and keeps each lead's sender for its follow-up", async () => {
    const { db } = database;
    const t = await sendingTenant(db, peers, { mailboxes: 3 });
    const { campaign } = await campaignWith(t, [
      { stepType: "email" },
      { stepType: "wait", waitDurationHours: 24 },
      { stepType: "email", subjectOverride: "Following up" },
    ]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(db, t.tenantId, 30);
    await enroll(
      db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      t.clock.now(),
    );
    const worker = t.worker();
    await worker.drain();
    t.clock.advance(DAY + 1);
    await worker.drain();
    const messages = await messagesOf(db, t.tenantId, campaign.id);
    expect(messages).toHaveLength(60);
    const perMailbox = new Map<string, number>();
    for (const m of messages.filter((m) => m.inReplyTo === null)) {
      perMailbox.set(m.emailAccountId, (perMailbox.get(m.emailAccountId) ?? 0) + 1);
    }
    expect([...perMailbox.values()]).toEqual([10, 10, 10]);
    for (const lead of leads) {
      const mine = messages.filter((m) => m.leadId === lead.id);
      expect(new Set(mine.map((m) => m.emailAccountId)).size).toBe(1);
    }
  });

  it("sends at most the campaign's daily limit of new leads a day", async () => {
    const { db } = database;
    const t = await sendingTenant(db, peers);
    const { campaign } = await campaignWith(t, [{ stepType: "email" }]);
    await db
      .update(schema.campaigns)
      .set({ dailyLimit: 4 })
      .where(and(eq(schema.campaigns.tenantId, t.tenantId), eq(schema.campaigns.id, campaign.id)));
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(db, t.tenantId, 10);
    await enroll(
      db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      t.clock.now(),
    );
    const worker = t.worker();
    await worker.drain();
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(4);
    const waiting = (await enrollments(db, t.tenantId, campaign.id)).filter((e) => e.currentStepOrder === 1);
    expect(waiting.map((e) => e.lastError)).toEqual(Array(6).fill("campaign daily limit of 4 new leads reached"));
    t.clock.advance(DAY);
    await worker.drain();
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(8);
  });

  it("stops at max_emails_per_month: enrollments wait with the quota named, nothing goes over", async () => {
    const { db } = database;
    const t = await sendingTenant(db, peers, { plan: { maxEmailsPerMonth: 3 } });
    const { campaign } = await campaignWith(t, [{ stepType: "email" }]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(db, t.tenantId, 5);
    await enroll(
      db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      t.clock.now(),
    );
    const before = peers.sink.received.length;
    const worker = t.worker();
    await worker.drain();
    t.clock.advance(2 * 3_600_000);
    await worker.drain();
    expect(sentTo(before)).toHaveLength(3);
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(3);
    const waiting = (await enrollments(db, t.tenantId, campaign.id)).filter((e) => e.currentStepOrder === 1);
    expect(waiting).toHaveLength(2);
    expect(waiting[0]?.lastError).toContain("max_emails_per_month");
    const [usage] = await db
      .select({ emailsSent: schema.tenantUsage.emailsSent })
      .from(schema.tenantUsage)
      .where(eq(schema.tenantUsage.tenantId, t.tenantId));
    expect(usage?.emailsSent).toBe(3);
  });
});
