import { schema } from "@outbound/db";
import { useTestDatabase } from "@outbound/testing";
import { startDnsServer, type TestDnsServer } from "@outbound/testing/dns-server";
import { type SmtpSink, startSmtpSink, verifyDkim } from "@outbound/testing/smtp-sink";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addLeads,
  campaignWith,
  enroll,
  enrollments,
  messagesOf,
  SINK_PASSWORD,
  SINK_USER,
  sendingTenant,
} from "./support/fixture.js";

const HOUR = 3_600_000;
const database = useTestDatabase();
let dns: TestDnsServer;
let sink: SmtpSink;

beforeAll(async () => {
  dns = await startDnsServer();
  sink = await startSmtpSink({ users: { [SINK_USER]: SINK_PASSWORD } });
});
afterAll(async () => {
  await sink.close();
  await dns.close();
});

describe("the engine walks a sequence", () => {
  it("sends DKIM-signed first emails, waits, then threads the follow-up on the first message", async () => {
    const { db } = database;
    const t = await sendingTenant(db, { dns, sink });
    const { campaign } = await campaignWith(t, [
      { stepType: "email" },
      { stepType: "wait", waitDurationHours: 48 },
      { stepType: "email", subjectOverride: "Re: Hello {{first_name|there}}" },
    ]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(db, t.tenantId, 3);
    await enroll(
      db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      t.clock.now(),
    );
    const before = sink.received.length;
    const worker = t.worker();

    await worker.drain();
    const first = sink.received.slice(before);
    expect(first).toHaveLength(3);
    expect(first.map((m) => m.to[0]).sort()).toEqual(leads.map((l) => l.email).sort());
    for (const mail of first) {
      expect(mail.user).toBe(SINK_USER);
      expect(mail.header("subject")).toBe("Hello Person");
      expect(mail.messageId).toMatch(new RegExp(`^<[0-9a-f-]{36}@${t.domain.domain.replaceAll(".", "\\.")}>$`));
      expect(mail.header("list-unsubscribe")).toMatch(
        new RegExp(
          `^<https://outbound\\.example\\.test/u/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+>, <mailto:rep1@${t.domain.domain}\\?subject=unsubscribe%20`,
        ),
      );
      expect(mail.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
      expect(mail.header("in-reply-to")).toBeNull();
      expect(mail.raw).toContain("Hi Person,");
      const dkim = await verifyDkim(mail.raw, dns.address);
      expect(dkim).toEqual([{ status: "pass", domain: t.domain.domain, selector: "ob1" }]);
    }
    const afterFirst = await enrollments(db, t.tenantId, campaign.id);
    for (const e of afterFirst) {
      expect(e).toMatchObject({ status: "active", currentStepOrder: 3, lockedBy: null });
      expect(e.nextActionAt?.getTime()).toBe(t.clock.now().getTime() + 48 * HOUR);
    }

    t.clock.advance(47 * HOUR);
    await worker.drain();
    expect(sink.received.length - before).toBe(3);

    t.clock.advance(HOUR + 1);
    await worker.drain();
    const followUps = sink.received.slice(before + 3);
    expect(followUps).toHaveLength(3);
    for (const mail of followUps) {
      const original = first.find((m) => m.to[0] === mail.to[0]);
      expect(mail.header("subject")).toBe("Re: Hello Person");
      expect(mail.header("in-reply-to")).toBe(original?.messageId);
      expect(mail.header("references")).toBe(original?.messageId);
      expect((await verifyDkim(mail.raw, dns.address))[0]?.status).toBe("pass");
    }

    const messages = await messagesOf(db, t.tenantId, campaign.id);
    expect(messages).toHaveLength(6);
    expect(messages.every((m) => m.status === "sent" && m.attempts === 1 && m.sentAt !== null)).toBe(true);
    const ended = await enrollments(db, t.tenantId, campaign.id);
    expect(ended.map((e) => [e.status, e.finishedReason, e.nextActionAt])).toEqual(
      Array.from({ length: 3 }, () => ["finished", "sequence completed", null]),
    );
    expect((await t.caller.campaigns.get({ id: campaign.id })).status).toBe("completed");
    const steps = await t.caller.campaigns.steps.list({ campaignId: campaign.id });
    expect(steps.map((s) => s.executedCount)).toEqual([3, 3, 3]);
    const usage = await db
      .select({ emailsSent: schema.tenantUsage.emailsSent })
      .from(schema.tenantUsage)
      .where(eq(schema.tenantUsage.tenantId, t.tenantId));
    expect(usage).toEqual([{ emailsSent: 6 }]);
    const [mailbox] = await db
      .select({ dailyCount: schema.emailAccounts.dailyCount })
      .from(schema.emailAccounts)
      .where(and(eq(schema.emailAccounts.tenantId, t.tenantId), eq(schema.emailAccounts.id, t.mailboxes[0]?.id ?? "")));
    expect(mailbox?.dailyCount).toBe(3); // the follow-ups went out two days later: a new day's count
    const leadRows = await db
      .select({ status: schema.leads.status })
      .from(schema.leads)
      .where(eq(schema.leads.tenantId, t.tenantId));
    expect(leadRows.map((l) => l.status)).toEqual(["contacted", "contacted", "contacted"]);
  });

  it("continues past a condition only for the leads that met it within its window", async () => {
    const { db } = database;
    const t = await sendingTenant(db, { dns, sink });
    const { campaign } = await campaignWith(t, [
      { stepType: "email" },
      { stepType: "condition", conditionType: "opened", conditionValue: "24" },
      { stepType: "email", subjectOverride: "Glad you looked" },
    ]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const [opener, other] = await addLeads(db, t.tenantId, 2);
    if (!opener || !other) throw new Error("leads missing");
    await enroll(db, t.tenantId, campaign.id, [opener.id, other.id], t.clock.now());
    const worker = t.worker();
    await worker.drain();
    const waiting = await enrollments(db, t.tenantId, campaign.id);
    expect(waiting.map((e) => e.currentStepOrder)).toEqual([2, 2]);
    const [openerEnrollment] = waiting.filter((e) => e.leadId === opener.id);
    const [openerMessage] = (await messagesOf(db, t.tenantId, campaign.id)).filter((m) => m.leadId === opener.id);
    await db.insert(schema.emailEvents).values({
      tenantId: t.tenantId,
      type: "opened",
      messageId: openerMessage?.id,
      leadId: opener.id,
      campaignId: campaign.id,
      campaignLeadId: openerEnrollment?.id,
      occurred: t.clock.advance(2 * HOUR),
    });
    t.clock.advance(22 * HOUR + 1);
    const before = sink.received.length;
    await worker.drain();
    expect(sink.received.slice(before).map((m) => [m.to[0], m.header("subject")])).toEqual([
      [opener.email, "Glad you looked"],
    ]);
    const byLead = new Map((await enrollments(db, t.tenantId, campaign.id)).map((e) => [e.leadId, e]));
    expect(byLead.get(other.id)).toMatchObject({
      status: "finished",
      finishedReason: "condition not met: opened within 24 h (step 2)",
    });
    expect(byLead.get(opener.id)).toMatchObject({ status: "finished", finishedReason: "sequence completed" });
  });
});
