import { schema } from "@outbound/db";
import { useTestDatabase } from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { addLeads, campaignWith, enroll, enrollments, messagesOf, sendingTenant } from "./support/fixture.js";
import { usePeers } from "./support/peers.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const database = useTestDatabase();
const peers = usePeers();

afterEach(() => {
  peers.sink.respond = () => 250;
});

async function oneLeadCampaign(steps: Parameters<typeof campaignWith>[1] = [{ stepType: "email" }]) {
  const { db } = database;
  const t = await sendingTenant(db, peers);
  const { campaign } = await campaignWith(t, steps);
  await t.caller.campaigns.launch({ id: campaign.id });
  const [lead] = await addLeads(db, t.tenantId, 1);
  if (!lead) throw new Error("no lead");
  await enroll(db, t.tenantId, campaign.id, [lead.id], t.clock.now());
  return { t, campaign, lead, worker: t.worker() };
}

describe("delivery failures", () => {
  it("retries a 451 with backoff, keeping the message queued, then sends it once", async () => {
    const { db } = database;
    const { t, campaign, lead, worker } = await oneLeadCampaign();
    let refusals = 2;
    peers.sink.respond = (to) => (to === lead.email && refusals-- > 0 ? 451 : 250);
    await worker.drain();
    let [message] = await messagesOf(db, t.tenantId, campaign.id);
    expect(message).toMatchObject({ status: "queued", attempts: 1, sendingSince: null });
    expect(message?.smtpResponse).toContain("451");
    let [e] = await enrollments(db, t.tenantId, campaign.id);
    expect(e?.lastError).toMatch(/^attempt 1 deferred: 451/);
    const delay = (e?.nextActionAt?.getTime() ?? 0) - t.clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(4 * MINUTE);
    expect(delay).toBeLessThanOrEqual(6 * MINUTE);
    for (let i = 0; i < 2; i++) {
      t.clock.advance(HOUR);
      await worker.drain();
    }
    [message] = await messagesOf(db, t.tenantId, campaign.id);
    expect(message).toMatchObject({ status: "sent", attempts: 3 });
    [e] = await enrollments(db, t.tenantId, campaign.id);
    expect(e).toMatchObject({ status: "finished", finishedReason: "sequence completed" });
    expect(peers.sink.received.filter((m) => m.to[0] === lead.email)).toHaveLength(1);
  });

  it("gives a message up as failed once 48 h of 4xx answers have passed", async () => {
    const { db } = database;
    const { t, campaign, lead, worker } = await oneLeadCampaign();
    peers.sink.respond = (to) => (to === lead.email ? 421 : 250);
    for (let i = 0; i < 60; i++) {
      await worker.drain();
      t.clock.advance(HOUR);
    }
    const [message] = await messagesOf(db, t.tenantId, campaign.id);
    expect(message?.status).toBe("failed");
    expect(message?.attempts).toBeGreaterThan(5);
    const [e] = await enrollments(db, t.tenantId, campaign.id);
    expect(e?.status).toBe("failed");
    expect(e?.finishedReason).toMatch(/^not delivered after \d+ attempts: 421/);
  });

  it("treats a 550 as a hard bounce: message and lead bounced, address suppressed, every enrollment of it ended", async () => {
    const { db } = database;
    const { t, campaign, lead, worker } = await oneLeadCampaign([
      { stepType: "email" },
      { stepType: "wait", waitDurationHours: 24 },
      { stepType: "email" },
    ]);
    const { campaign: other } = await campaignWith(t, [
      { stepType: "wait", waitDurationHours: 1 },
      { stepType: "email" },
    ]);
    await t.caller.campaigns.launch({ id: other.id });
    await enroll(db, t.tenantId, other.id, [lead.id], new Date(t.clock.now().getTime() + HOUR));
    peers.sink.respond = (to) => (to === lead.email ? 550 : 250);
    await worker.drain();
    const [message] = await messagesOf(db, t.tenantId, campaign.id);
    expect(message?.status).toBe("bounced");
    expect(message?.smtpResponse).toContain("550");
    expect((await enrollments(db, t.tenantId, campaign.id))[0]).toMatchObject({
      status: "bounced",
      nextActionAt: null,
    });
    expect((await enrollments(db, t.tenantId, other.id))[0]).toMatchObject({
      status: "bounced",
      finishedReason: "suppressed: bounced",
    });
    const [row] = await db
      .select()
      .from(schema.leads)
      .where(and(eq(schema.leads.tenantId, t.tenantId), eq(schema.leads.id, lead.id)));
    expect(row?.status).toBe("bounced");
    const suppressed = await db.select().from(schema.suppressions).where(eq(schema.suppressions.tenantId, t.tenantId));
    expect(suppressed.map((s) => [s.value, s.reason])).toEqual([[lead.email, "bounced"]]);
    const events = await db.select().from(schema.emailEvents).where(eq(schema.emailEvents.tenantId, t.tenantId));
    expect(events.map((e) => e.type)).toEqual(["bounced"]);
    t.clock.advance(2 * HOUR);
    await worker.drain();
    expect(await messagesOf(db, t.tenantId, other.id)).toHaveLength(0);
  });

  it("pauses a mailbox whose login is refused, not the campaign, and sends once it is fixed", async () => {
    const { db } = database;
    const { t, campaign, lead, worker } = await oneLeadCampaign();
    const mailbox = t.mailboxes[0];
    if (!mailbox) throw new Error("no mailbox");
    await t.caller.emailAccounts.updateCredentials({ id: mailbox.id, smtpPassword: "wrong" });
    await worker.drain();
    expect((await t.caller.emailAccounts.get({ id: mailbox.id })).status).toBe("paused");
    expect((await t.caller.campaigns.get({ id: campaign.id })).status).toBe("active");
    const [waiting] = await enrollments(db, t.tenantId, campaign.id);
    expect(waiting?.lastError).toMatch(new RegExp(`^mailbox ${mailbox.email} paused: `));
    await t.caller.emailAccounts.updateCredentials({ id: mailbox.id, smtpPassword: "sink-password" });
    await t.caller.emailAccounts.setStatus({ id: mailbox.id, status: "active" });
    t.clock.advance(HOUR);
    await worker.drain();
    const [message] = await messagesOf(db, t.tenantId, campaign.id);
    expect(message?.status).toBe("sent");
    expect(peers.sink.received.filter((m) => m.to[0] === lead.email)).toHaveLength(1);
  });
});
