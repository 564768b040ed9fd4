import { schema } from "@outbound/db";
import { pollStateOf } from "@outbound/db/queries/inbound";
import { useTestDatabase } from "@outbound/testing";
import { type Dovecot, startDovecot } from "@outbound/testing/dovecot";
import { and, eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { classifyInbound, type InboundOptions } from "../src/index.js";
import { addLeads, campaignWith, enroll, enrollments, messagesOf, sendingTenant } from "./support/fixture.js";
import { usePeers } from "./support/peers.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const IMAP_PASSWORD = "imap-secret";
const INBOXES = 40;
const REPLY_BODY = "Sounds great, call me on Tuesday. Secret body line.";
/** Polls and leaves, so each test says when mail is read; IDLE has its own tests below. */
const POLL_ONLY = { allowNonPublic: true, idleMs: 0 };

const database = useTestDatabase();
const peers = usePeers();
let dovecot: Dovecot;
let nextInbox = 0;

beforeAll(async () => {
  const started = performance.now();
  // Every test takes a fresh IMAP user; Dovecot rereads its passwd file at most once a second.
  dovecot = await startDovecot({
    users: Object.fromEntries(Array.from({ length: INBOXES }, (_, i) => [`inbox${i + 1}`, IMAP_PASSWORD])),
  });
  if (process.env.OUTBOUND_TIMINGS) console.info(`dovecot started in ${Math.round(performance.now() - started)} ms`);
});
afterAll(async () => {
  await dovecot?.stop();
});

/** A raw reply as a mail client writes it. */
function reply(o: {
  from: string;
  to: string;
  subject?: string;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
  messageId?: string | null;
}): string {
  const lines = [
    `From: Person <${o.from}>`,
    `To: <${o.to}>`,
    `Subject: ${o.subject ?? "Re: Hello Person"}`,
    `Date: ${new Date().toUTCString()}`,
  ];
  if (o.messageId !== null)
    lines.push(`Message-ID: ${o.messageId ?? `<reply-${crypto.randomUUID()}@customer.example.test>`}`);
  if (o.inReplyTo) lines.push(`In-Reply-To: ${o.inReplyTo}`);
  if (o.references) lines.push(`References: ${o.references}`);
  for (const [name, value] of Object.entries(o.headers ?? {})) lines.push(`${name}: ${value}`);
  lines.push("MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", REPLY_BODY, "");
  return lines.join("\r\n");
}

/** A delivery status notification as Postfix writes it, with the original's headers attached. */
function dsn(o: {
  to: string;
  recipient: string;
  status: string;
  original: string;
  part?: "message/rfc822" | "text/rfc822-headers";
}) {
  const action = o.status.startsWith("5") ? "failed" : "delayed";
  return [
    "From: Mail Delivery System <MAILER-DAEMON@mx.customer.example.test>",
    `To: <${o.to}>`,
    "Subject: Undelivered Mail Returned to Sender",
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <dsn-${crypto.randomUUID()}@mx.customer.example.test>`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-boundary"',
    "",
    "--dsn-boundary",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is the mail system at host mx.customer.example.test.",
    "",
    "--dsn-boundary",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.customer.example.test",
    "",
    `Final-Recipient: rfc822; ${o.recipient}`,
    `Original-Recipient: rfc822;${o.recipient}`,
    `Action: ${action}`,
    `Status: ${o.status}`,
    `Diagnostic-Code: smtp; ${o.status.startsWith("5") ? "550" : "452"} ${o.status} mailbox problem`,
    "",
    "--dsn-boundary",
    `Content-Type: ${o.part ?? "message/rfc822"}`,
    "",
    `Message-ID: ${o.original}`,
    `To: <${o.recipient}>`,
    "Subject: Hello Person",
    "",
    ...(o.part === "text/rfc822-headers" ? [] : ["Hi Person,", ""]),
    "--dsn-boundary--",
    "",
  ].join("\r\n");
}

/** A complaint as a mailbox provider's feedback loop sends it (ARF, RFC 5965), the original's headers attached. */
function arf(o: { to: string; recipient: string; original: string }) {
  return [
    "From: Feedback Loop <fbl@isp.example.test>",
    `To: <${o.to}>`,
    "Subject: Complaint about message from your network",
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <arf-${crypto.randomUUID()}@isp.example.test>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=feedback-report; boundary="arf-boundary"',
    "",
    "--arf-boundary",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is an email abuse report for an email message received from your network.",
    "",
    "--arf-boundary",
    "Content-Type: message/feedback-report",
    "",
    "Feedback-Type: abuse",
    "User-Agent: ExampleFBL/1.0",
    "Version: 1",
    `Original-Rcpt-To: ${o.recipient}`,
    "",
    "--arf-boundary",
    "Content-Type: text/rfc822-headers",
    "",
    `Message-ID: ${o.original}`,
    `To: <${o.recipient}>`,
    "Subject: Hello Person",
    "",
    "--arf-boundary--",
    "",
  ].join("\r\n");
}

/**
 * A tenant whose mailbox sends through the sink and reads its INBOX from Dovecot, a campaign
 * (email, wait 24 h, email) with `leads` leads that got the first email.
 */
async function repliedCampaign(options: { leads?: number; stopOnReply?: boolean; inbound?: InboundOptions } = {}) {
  const { db } = database;
  const t = await sendingTenant(db, peers);
  const mailbox = t.mailboxes[0];
  if (!mailbox) throw new Error("no mailbox");
  nextInbox++;
  if (nextInbox > INBOXES) throw new Error("out of Dovecot users: raise INBOXES");
  const inbox = `inbox${nextInbox}`;
  await t.caller.emailAccounts.update({
    id: mailbox.id,
    imap: { host: dovecot.host, port: dovecot.port, security: "none", username: inbox, password: IMAP_PASSWORD },
  });
  const { campaign } = await campaignWith(t, [
    { stepType: "email" },
    { stepType: "wait", waitDurationHours: 24 },
    { stepType: "email", subjectOverride: "Following up" },
  ]);
  if (options.stopOnReply === false) await t.caller.campaigns.update({ id: campaign.id, stopOnReply: false });
  await t.caller.campaigns.launch({ id: campaign.id });
  const leads = await addLeads(db, t.tenantId, options.leads ?? 1);
  await enroll(
    db,
    t.tenantId,
    campaign.id,
    leads.map((l) => l.id),
    t.clock.now(),
  );
  const worker = t.worker({ inbound: options.inbound ?? POLL_ONLY });
  await worker.drain();
  const sent = await messagesOf(db, t.tenantId, campaign.id);
  expect(sent.map((m) => m.status)).toEqual(leads.map(() => "sent"));
  const messageOf = (leadId: string) => {
    const found = sent.find((m) => m.leadId === leadId);
    if (!found) throw new Error("no message for the lead");
    return found;
  };
  const lead = leads[0];
  if (!lead) throw new Error("no lead");
  return { t, mailbox, inbox, campaign, leads, lead, first: messageOf(lead.id), messageOf, worker };
}

async function eventsOf(tenantId: string) {
  const { db } = database;
  return db.select().from(schema.emailEvents).where(eq(schema.emailEvents.tenantId, tenantId));
}

async function leadStatus(tenantId: string, leadId: string) {
  const { db } = database;
  const [row] = await db
    .select({ status: schema.leads.status })
    .from(schema.leads)
    .where(and(eq(schema.leads.tenantId, tenantId), eq(schema.leads.id, leadId)));
  return row?.status;
}

/** What the sink received for `email` (first emails and follow-ups). */
const sentTo = (email: string) => peers.sink.received.filter((m) => m.to[0] === email);

describe("inbound mail over IMAP", () => {
  it("records a reply, marks the lead replied, ends the enrollment, and never sends the next step", async () => {
    const { db } = database;
    const { t, mailbox, inbox, campaign, lead, first, worker } = await repliedCampaign();
    await t.caller.webhooks.create({ url: "https://hooks.example.test/outbound", events: ["lead.replied"] });
    await dovecot.deliver(
      inbox,
      reply({ from: lead.email, to: mailbox.email, inReplyTo: first.messageId, references: first.messageId }),
    );
    const started = performance.now();
    const report = await worker.pollInbound();
    if (process.env.OUTBOUND_TIMINGS)
      console.info(`poll with one reply: ${Math.round(performance.now() - started)} ms`);
    expect(report).toMatchObject({ polled: 1, failed: 0, fetched: 1, results: { replied: 1 } });

    const replied = (await eventsOf(t.tenantId)).filter((e) => e.type === "replied");
    expect(replied).toHaveLength(1);
    expect(replied[0]).toMatchObject({
      messageId: first.id,
      leadId: lead.id,
      campaignId: campaign.id,
      campaignLeadId: first.campaignLeadId,
      stepId: first.stepId,
      occurred: t.clock.now(),
    });
    expect(replied[0]?.data).toMatchObject({ subject: "Re: Hello Person", emailAccountId: mailbox.id });
    expect(String(replied[0]?.data.inboundMessageId)).toMatch(/^<reply-.*@customer\.example\.test>$/);
    expect(JSON.stringify(replied[0]?.data)).not.toContain("Secret body");
    expect(await leadStatus(t.tenantId, lead.id)).toBe("replied");
    const [e] = await enrollments(db, t.tenantId, campaign.id);
    expect(e).toMatchObject({ status: "replied", finishedReason: "replied", nextActionAt: null });
    expect((await t.caller.campaigns.get({ id: campaign.id })).status).toBe("completed");
    // The API shows it: on the message, and in the campaign's counts.
    const shown = await t.caller.messages.get({ id: first.id });
    expect(shown.events.map((e) => e.type)).toEqual(["sent", "replied"]);
    expect((await t.caller.campaigns.stats({ id: campaign.id })).totals).toMatchObject({ sent: 1, replied: 1 });
    // The webhook event was queued with the reply, once.
    const queued = await db
      .select({ type: schema.webhookDeliveries.eventType, payload: schema.webhookDeliveries.payload })
      .from(schema.webhookDeliveries)
      .where(eq(schema.webhookDeliveries.tenantId, t.tenantId));
    expect(queued.map((q) => q.type)).toEqual(["lead.replied"]);
    expect(queued[0]?.payload.data).toMatchObject({ leadId: lead.id, messageId: first.id, email: lead.email });

    t.clock.advance(25 * HOUR);
    await worker.drain();
    expect(sentTo(lead.email)).toHaveLength(1);
    expect(await messagesOf(db, t.tenantId, campaign.id)).toHaveLength(1);
    const state = await pollStateOf(db, { tenantId: t.tenantId, emailAccountId: mailbox.id });
    expect(state).toMatchObject({ lastUid: 1, imapError: null, leaseOwner: null, failures: 0 });
  });

  it("with stop_on_reply off, records the reply and the lead's status but the sequence goes on", async () => {
    const { db } = database;
    const { t, mailbox, inbox, campaign, lead, first, worker } = await repliedCampaign({ stopOnReply: false });
    await dovecot.deliver(inbox, reply({ from: lead.email, to: mailbox.email, references: first.messageId }));
    expect((await worker.pollInbound()).results).toEqual({ replied: 1 });
    expect((await eventsOf(t.tenantId)).map((e) => e.type).sort()).toEqual(["replied", "sent"]);
    expect(await leadStatus(t.tenantId, lead.id)).toBe("replied");
    expect((await enrollments(db, t.tenantId, campaign.id))[0]?.status).toBe("active");
    t.clock.advance(25 * HOUR);
    await worker.drain();
    expect(sentTo(lead.email).map((m) => m.header("subject"))).toEqual(["Hello Person", "Following up"]);
  });

  it("takes auto-replies for what they are: an auto_replied event that stops nothing", async () => {
    const { db } = database;
    const { t, mailbox, inbox, campaign, lead, first, worker } = await repliedCampaign();
    await dovecot.deliver(
      inbox,
      reply({
        from: lead.email,
        to: mailbox.email,
        subject: "Out of office: Hello Person",
        inReplyTo: first.messageId,
        headers: { "Auto-Submitted": "auto-replied" },
      }),
    );
    expect((await worker.pollInbound()).results).toEqual({ auto_replied: 1 });
    const events = await eventsOf(t.tenantId);
    expect(events.map((e) => e.type).sort()).toEqual(["auto_replied", "sent"]);
    expect(events.find((e) => e.type === "auto_replied")).toMatchObject({
      messageId: first.id,
      data: { reason: "Auto-Submitted: auto-replied" },
    });
    expect(await leadStatus(t.tenantId, lead.id)).toBe("contacted");
    expect((await enrollments(db, t.tenantId, campaign.id))[0]?.status).toBe("active");
    t.clock.advance(25 * HOUR);
    await worker.drain();
    expect(sentTo(lead.email)).toHaveLength(2);
  });

  it("recognizes auto-replies by each header and by out-of-office subjects, and a DSN before its Auto-Submitted", async () => {
    const parse = async (raw: string) => classifyInbound(await simpleParser(raw, { keepDeliveryStatus: true }));
    const base = { from: "a@customer.example.test", to: "rep1@acme.example.test", inReplyTo: "<m1@acme.example.test>" };
    const cases: Array<[Partial<Parameters<typeof reply>[0]>, string]> = [
      [{ headers: { "Auto-Submitted": "auto-generated" } }, "auto_reply"],
      [{ headers: { "Auto-Submitted": "no" } }, "reply"],
      [{ headers: { "X-Autoreply": "yes" } }, "auto_reply"],
      [{ headers: { "X-Autorespond": "yes" } }, "auto_reply"],
      [{ headers: { Precedence: "auto_reply" } }, "auto_reply"],
      [{ subject: "Automatic reply: Hello Person" }, "auto_reply"],
      [{ subject: "Abwesenheitsnotiz: Hello Person" }, "auto_reply"],
      [{ subject: "Re: Hello Person" }, "reply"],
      [{ subject: "Re: your office move" }, "reply"],
    ];
    for (const [overrides, kind] of cases) {
      const classified = await parse(reply({ ...base, ...overrides }));
      expect([overrides, classified.type.kind]).toEqual([overrides, kind]);
      expect(classified.references).toEqual(["<m1@acme.example.test>"]);
    }
    const daemon = await parse(reply({ ...base, from: "MAILER-DAEMON@mx.customer.example.test" }));
    expect(daemon.type).toEqual({ kind: "other", reason: "mail system" });
    const receipt = await parse(
      reply({ ...base, subject: "Read: Hello Person" }).replace(
        "Content-Type: text/plain; charset=utf-8",
        'Content-Type: multipart/report; report-type=disposition-notification; boundary="r"',
      ),
    );
    expect(receipt.type).toEqual({ kind: "other", reason: "report disposition-notification" });
    const report = await parse(
      dsn({ to: base.to, recipient: base.from, status: "5.1.1", original: "<m1@acme.example.test>" }),
    );
    expect(report.type).toMatchObject({ kind: "dsn", status: "5.1.1", action: "failed" });
    expect(report.references).toEqual(["<m1@acme.example.test>"]);
  });

  it("treats a 5.1.1 delivery status notification as a hard bounce: message and lead bounced, address suppressed, sequence ended", async () => {
    const { db } = database;
    const { t, mailbox, inbox, campaign, lead, first, worker } = await repliedCampaign();
    await dovecot.deliver(
      inbox,
      dsn({ to: mailbox.email, recipient: lead.email, status: "5.1.1", original: first.messageId }),
    );
    expect((await worker.pollInbound()).results).toEqual({ bounced: 1 });
    const [message] = await messagesOf(db, t.tenantId, campaign.id);
    expect(message?.status).toBe("bounced");
    expect(message?.smtpResponse).toBe("DSN 5.1.1: smtp; 550 5.1.1 mailbox problem");
    expect(await leadStatus(t.tenantId, lead.id)).toBe("bounced");
    const suppressed = await db.select().from(schema.suppressions).where(eq(schema.suppressions.tenantId, t.tenantId));
    expect(suppressed.map((s) => [s.value, s.reason])).toEqual([[lead.email, "bounced"]]);
    expect((await enrollments(db, t.tenantId, campaign.id))[0]).toMatchObject({
      status: "bounced",
      nextActionAt: null,
    });
    const bounced = (await eventsOf(t.tenantId)).filter((e) => e.type === "bounced");
    expect(bounced).toHaveLength(1);
    expect(bounced[0]).toMatchObject({ messageId: first.id, data: { hard: true, dsn: true, status: "5.1.1" } });
    t.clock.advance(25 * HOUR);
    await worker.drain();
    expect(sentTo(lead.email)).toHaveLength(1);
  });

  it("finds the original through text/rfc822-headers too, and treats a 4.x.x report as a soft bounce that changes nothing", async () => {
    const { db } = database;
    const { t, mailbox, inbox, campaign, lead, first, worker } = await repliedCampaign();
    await dovecot.deliver(
      inbox,
      dsn({
        to: mailbox.email,
        recipient: lead.email,
        status: "4.2.2",
        original: first.messageId,
        part: "text/rfc822-headers",
      }),
    );
    expect((await worker.pollInbound()).results).toEqual({ soft_bounced: 1 });
    const bounced = (await eventsOf(t.tenantId)).filter((e) => e.type === "bounced");
    expect(bounced).toHaveLength(1);
    expect(bounced[0]?.data).toMatchObject({ soft: true, status: "4.2.2" });
    expect((await messagesOf(db, t.tenantId, campaign.id))[0]?.status).toBe("sent");
    expect(await leadStatus(t.tenantId, lead.id)).toBe("contacted");
    expect(await db.select().from(schema.suppressions).where(eq(schema.suppressions.tenantId, t.tenantId))).toEqual([]);
    expect((await enrollments(db, t.tenantId, campaign.id))[0]?.status).toBe("active");
  });

  it("takes a complaint (ARF feedback report) as a do-not-contact: complained event, address suppressed, sequence ended", async () => {
    const { db } = database;
    const { t, mailbox, inbox, campaign, lead, first, worker } = await repliedCampaign();
    await dovecot.deliver(inbox, arf({ to: mailbox.email, recipient: lead.email, original: first.messageId }));
    const report = await worker.pollInbound();
    expect(report.results).toMatchObject({ complained: 1 });
    const events = (await eventsOf(t.tenantId)).filter((e) => e.type === "complained");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ messageId: first.id, leadId: lead.id });
    expect(events[0]?.data).toMatchObject({ feedbackType: "abuse" });
    expect(await leadStatus(t.tenantId, lead.id)).toBe("unsubscribed");
    const suppressed = await t.caller.suppressions.list({});
    expect(suppressed.items.find((s) => s.value === lead.email)?.reason).toBe("complained");
    const [e] = await enrollments(db, t.tenantId, campaign.id);
    expect(e?.status).not.toBe("active");
    t.clock.advance(25 * HOUR);
    await worker.drain();
    expect(sentTo(lead.email)).toHaveLength(1);
  });

  it("honours the mailto form of List-Unsubscribe: the address is suppressed and the sequence ends", async () => {
    const { db } = database;
    const { t, mailbox, inbox, campaign, lead, worker } = await repliedCampaign();
    const [mail] = sentTo(lead.email);
    const mailto = /<mailto:([^?>]+)\?subject=([^>]+)>/.exec(mail?.header("List-Unsubscribe") ?? "");
    expect(mailto?.[1]).toBe(mailbox.email);
    const subject = decodeURIComponent(mailto?.[2] ?? "");
    expect(subject).toMatch(/^unsubscribe [\w-]+\.[\w-]+$/);
    // A forged token in the same form changes nothing.
    await dovecot.deliver(inbox, reply({ from: lead.email, to: mailbox.email, subject: "unsubscribe AAAA.BBBB" }));
    await dovecot.deliver(inbox, reply({ from: lead.email, to: mailbox.email, subject }));
    const report = await worker.pollInbound();
    expect(report.results).toMatchObject({ ignored: 1, unsubscribed: 1 });
    expect(await leadStatus(t.tenantId, lead.id)).toBe("unsubscribed");
    const [e] = await enrollments(db, t.tenantId, campaign.id);
    expect(e).toMatchObject({ status: "unsubscribed" });
    const events = (await eventsOf(t.tenantId)).filter((ev) => ev.type === "unsubscribed");
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toEqual({ via: "mailto" });
    t.clock.advance(25 * HOUR);
    await worker.drain();
    expect(sentTo(lead.email)).toHaveLength(1);
  });

  it("ignores mail that answers another tenant's message, and mail that answers nothing, consuming their UIDs", async () => {
    const { db } = database;
    const a = await repliedCampaign();
    const b = await repliedCampaign();
    await dovecot.deliver(
      b.inbox,
      reply({ from: a.lead.email, to: b.mailbox.email, inReplyTo: a.first.messageId, references: a.first.messageId }),
    );
    await dovecot.deliver(
      b.inbox,
      dsn({ to: b.mailbox.email, recipient: a.lead.email, status: "5.1.1", original: a.first.messageId }),
    );
    await dovecot.deliver(
      b.inbox,
      reply({ from: "stranger@elsewhere.example.test", to: b.mailbox.email, subject: "Hi" }),
    );
    const report = await b.worker.pollInbound();
    expect(report).toMatchObject({ polled: 1, fetched: 3, results: { ignored: 3 } });
    for (const side of [a, b]) {
      expect((await eventsOf(side.t.tenantId)).map((e) => e.type)).toEqual(["sent"]);
      expect(await leadStatus(side.t.tenantId, side.lead.id)).toBe("contacted");
      expect((await enrollments(db, side.t.tenantId, side.campaign.id))[0]?.status).toBe("active");
      expect((await messagesOf(db, side.t.tenantId, side.campaign.id))[0]?.status).toBe("sent");
    }
    expect(await db.select().from(schema.suppressions).where(eq(schema.suppressions.tenantId, a.t.tenantId))).toEqual(
      [],
    );
    const state = await pollStateOf(db, { tenantId: b.t.tenantId, emailAccountId: b.mailbox.id });
    expect(state?.lastUid).toBe(3);
  });

  it("acts on a message once: a second poll fetches nothing, and re-reading it after a lost UID records nothing twice", async () => {
    const { db } = database;
    const { t, mailbox, inbox, lead, first, worker } = await repliedCampaign();
    await dovecot.deliver(inbox, reply({ from: lead.email, to: mailbox.email, inReplyTo: first.messageId }));
    await dovecot.deliver(
      inbox,
      reply({ from: lead.email, to: mailbox.email, inReplyTo: first.messageId, messageId: null }),
    );
    expect((await worker.pollInbound()).results).toEqual({ replied: 2 });
    expect(await worker.pollInbound()).toMatchObject({ polled: 0 }); // not due again before the poll interval
    t.clock.advance(MINUTE + 1);
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, fetched: 0 });
    // As if the worker had died after acting on the messages but before saving their UIDs.
    await db
      .update(schema.imapPollStates)
      .set({ lastUid: 0 })
      .where(and(eq(schema.imapPollStates.tenantId, t.tenantId), eq(schema.imapPollStates.emailAccountId, mailbox.id)));
    t.clock.advance(MINUTE + 1);
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, fetched: 2, results: { duplicate: 2 } });
    expect((await eventsOf(t.tenantId)).filter((e) => e.type === "replied")).toHaveLength(2);
  });

  it("resumes from the stored UID in a new worker, and polls each mailbox from one worker at a time", async () => {
    const { db } = database;
    const { t, mailbox, inbox, leads, messageOf, worker } = await repliedCampaign({ leads: 3 });
    const [one, two, three] = leads;
    if (!one || !two || !three) throw new Error("leads missing");
    await dovecot.deliver(inbox, reply({ from: one.email, to: mailbox.email, inReplyTo: messageOf(one.id).messageId }));
    expect((await worker.pollInbound()).results).toEqual({ replied: 1 });
    await worker.stop();

    await dovecot.deliver(inbox, reply({ from: two.email, to: mailbox.email, inReplyTo: messageOf(two.id).messageId }));
    t.clock.advance(MINUTE + 1);
    const restarted = t.worker({ inbound: POLL_ONLY });
    expect(await restarted.pollInbound()).toMatchObject({ polled: 1, fetched: 1, results: { replied: 1 } });

    await dovecot.deliver(
      inbox,
      reply({ from: three.email, to: mailbox.email, inReplyTo: messageOf(three.id).messageId }),
    );
    t.clock.advance(MINUTE + 1);
    const other = t.worker({ inbound: POLL_ONLY });
    const reports = await Promise.all([restarted.pollInbound(), other.pollInbound()]);
    expect(reports.map((r) => r.polled).sort()).toEqual([0, 1]);
    expect(reports.reduce((n, r) => n + r.fetched, 0)).toBe(1);
    const replied = (await eventsOf(t.tenantId)).filter((e) => e.type === "replied");
    expect(replied.map((e) => e.leadId).sort()).toEqual([one.id, two.id, three.id].sort());
    expect(await pollStateOf(db, { tenantId: t.tenantId, emailAccountId: mailbox.id })).toMatchObject({
      lastUid: 3,
      leaseOwner: null,
    });
    await Promise.all([restarted.stop(), other.stop()]);
  });

  it("starts from the end of the mailbox when UIDVALIDITY changes", async () => {
    const { db } = database;
    const { t, mailbox, inbox, lead, first, worker } = await repliedCampaign();
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, fetched: 0 });
    const key = and(
      eq(schema.imapPollStates.tenantId, t.tenantId),
      eq(schema.imapPollStates.emailAccountId, mailbox.id),
    );
    const before = await pollStateOf(db, { tenantId: t.tenantId, emailAccountId: mailbox.id });
    await dovecot.deliver(inbox, reply({ from: lead.email, to: mailbox.email, inReplyTo: first.messageId }));
    await db.update(schema.imapPollStates).set({ uidValidity: 1 }).where(key);
    t.clock.advance(MINUTE + 1);
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, fetched: 0 });
    expect(await pollStateOf(db, { tenantId: t.tenantId, emailAccountId: mailbox.id })).toMatchObject({
      uidValidity: before?.uidValidity,
      lastUid: 1,
    });
    expect((await eventsOf(t.tenantId)).map((e) => e.type)).toEqual(["sent"]);
  });

  it("flags a mailbox whose IMAP login is refused and backs off (15 min, doubling) without connecting in between", async () => {
    const { db } = database;
    const { t, mailbox, inbox, lead, first, worker } = await repliedCampaign();
    await t.caller.emailAccounts.updateCredentials({ id: mailbox.id, imapPassword: "wrong-password" });
    await dovecot.deliver(inbox, reply({ from: lead.email, to: mailbox.email, inReplyTo: first.messageId }));
    // Dovecot's auth process logs each refused password as it refuses it (auth_verbose).
    const refusals = () =>
      dovecot
        .log()
        .split("\n")
        .filter((line) => line.includes(`(${inbox},`) && line.includes("Password mismatch")).length;
    const stateOf = () => pollStateOf(db, { tenantId: t.tenantId, emailAccountId: mailbox.id });

    const failedAt = t.clock.now();
    const timed = performance.now();
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, failed: 1, fetched: 0 });
    if (process.env.OUTBOUND_TIMINGS) console.info(`refused poll: ${Math.round(performance.now() - timed)} ms`);
    let state = await stateOf();
    expect(state?.imapError).toMatch(/^IMAP login refused/);
    expect(state?.imapError).not.toContain("wrong-password");
    expect(state).toMatchObject({ imapFailedAt: failedAt, failures: 1, leaseOwner: null });
    expect(state?.nextPollAt?.getTime()).toBe(failedAt.getTime() + 15 * MINUTE);
    // The tenant sees the flag on the mailbox.
    const shown = await t.caller.emailAccounts.get({ id: mailbox.id });
    expect(shown.inbound).toMatchObject({ failedAt, nextPollAt: state?.nextPollAt });
    expect(shown.inbound?.error).toMatch(/^IMAP login refused/);
    // The list shows every mailbox's state the same way, read in one query for the page.
    const listed = (await t.caller.emailAccounts.list({})).items.find((m) => m.id === mailbox.id);
    expect(listed?.inbound).toEqual(shown.inbound);
    const attempts = refusals();
    expect(attempts).toBeGreaterThan(0);

    t.clock.advance(10 * MINUTE);
    expect(await worker.pollInbound()).toMatchObject({ polled: 0 });
    expect(refusals()).toBe(attempts);

    t.clock.advance(5 * MINUTE + 1);
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, failed: 1 });
    state = await stateOf();
    expect(state?.failures).toBe(2);
    expect(state?.nextPollAt?.getTime()).toBe(t.clock.now().getTime() + 30 * MINUTE);

    t.clock.advance(29 * MINUTE);
    expect(await worker.pollInbound()).toMatchObject({ polled: 0 });
    // A person fixing the password doesn't wait out the backoff.
    await t.caller.emailAccounts.updateCredentials({ id: mailbox.id, imapPassword: IMAP_PASSWORD });
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, failed: 0, results: { replied: 1 } });
    expect(await stateOf()).toMatchObject({ imapError: null, imapFailedAt: null, failures: 0 });
  });

  it("forgets the poll state when the mailbox's IMAP account changes, and stops polling when IMAP is removed", async () => {
    const { db } = database;
    const { t, mailbox, inbox, lead, first, worker } = await repliedCampaign();
    const stateOf = () => pollStateOf(db, { tenantId: t.tenantId, emailAccountId: mailbox.id });
    await dovecot.deliver(inbox, reply({ from: lead.email, to: mailbox.email, subject: "Unrelated" }));
    await dovecot.deliver(inbox, reply({ from: lead.email, to: mailbox.email, subject: "Unrelated too" }));
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, fetched: 2, results: { ignored: 2 } });
    expect((await stateOf())?.lastUid).toBe(2);

    nextInbox++;
    const moved = `inbox${nextInbox}`;
    await t.caller.emailAccounts.update({
      id: mailbox.id,
      imap: { host: dovecot.host, port: dovecot.port, security: "none", username: moved },
    });
    expect(await stateOf()).toBeNull();
    await dovecot.deliver(moved, reply({ from: lead.email, to: mailbox.email, inReplyTo: first.messageId }));
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, fetched: 1, results: { replied: 1 } });
    expect((await stateOf())?.lastUid).toBe(1);

    await t.caller.emailAccounts.update({ id: mailbox.id, imap: null });
    t.clock.advance(2 * MINUTE);
    expect(await worker.pollInbound()).toMatchObject({ polled: 0 });
  });

  it("polls no mailbox of a suspended tenant", async () => {
    const { db } = database;
    const { t, mailbox, inbox, lead, first, worker } = await repliedCampaign();
    await dovecot.deliver(inbox, reply({ from: lead.email, to: mailbox.email, inReplyTo: first.messageId }));
    await db.update(schema.tenants).set({ suspended: t.clock.now() }).where(eq(schema.tenants.id, t.tenantId));
    expect(await worker.pollInbound()).toMatchObject({ polled: 0 });
    await db.update(schema.tenants).set({ suspended: null }).where(eq(schema.tenants.id, t.tenantId));
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, results: { replied: 1 } });
  });
});

describe("inbound mail over IMAP IDLE", () => {
  const repliesOf = async (tenantId: string) => (await eventsOf(tenantId)).filter((e) => e.type === "replied");
  const settled = { timeout: 15_000, interval: 25 };

  it("acts on mail as the server announces it, holding the mailbox's lease meanwhile, and gives it back on stop", async () => {
    const { db } = database;
    const { t, mailbox, inbox, leads, messageOf, worker } = await repliedCampaign({
      leads: 2,
      inbound: { allowNonPublic: true, idleMs: 60_000 },
    });
    const [one, two] = leads;
    if (!one || !two) throw new Error("leads missing");
    const stateOf = () => pollStateOf(db, { tenantId: t.tenantId, emailAccountId: mailbox.id });
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, failed: 0, fetched: 0 });
    const watched = await stateOf();
    expect(watched?.leaseOwner).not.toBeNull();

    // No other worker polls the mailbox while it is watched, even once its poll is due.
    t.clock.advance(2 * MINUTE);
    const other = t.worker({ inbound: POLL_ONLY });
    expect(await other.pollInbound()).toMatchObject({ polled: 0 });

    // Each reply is read without another pass: the server's EXISTS wakes the watch.
    await dovecot.deliver(inbox, reply({ from: one.email, to: mailbox.email, inReplyTo: messageOf(one.id).messageId }));
    await vi.waitFor(async () => expect(await repliesOf(t.tenantId)).toHaveLength(1), settled);
    await dovecot.deliver(inbox, reply({ from: two.email, to: mailbox.email, inReplyTo: messageOf(two.id).messageId }));
    await vi.waitFor(async () => expect(await repliesOf(t.tenantId)).toHaveLength(2), settled);
    expect((await repliesOf(t.tenantId)).map((e) => e.leadId).sort()).toEqual([one.id, two.id].sort());
    expect(await leadStatus(t.tenantId, two.id)).toBe("replied");
    // The stored UID moves on just after each message is acted on (a retry after a crash in between
    // is recognised by its place in the mailbox), so wait for it rather than read it once.
    await vi.waitFor(
      async () => expect(await stateOf()).toMatchObject({ lastUid: 2, leaseOwner: watched?.leaseOwner }),
      settled,
    );

    // Stopping ends the watch: the lease is given back, due at once for whoever polls next.
    await worker.stop();
    const released = await stateOf();
    expect(released).toMatchObject({ lastUid: 2, leaseOwner: null, imapError: null });
    expect(released?.nextPollAt?.getTime()).toBeLessThanOrEqual(t.clock.now().getTime());
    expect(await other.pollInbound()).toMatchObject({ polled: 1, fetched: 0 });
    await other.stop();
    expect(await repliesOf(t.tenantId)).toHaveLength(2);
  });

  it("ends a watch after idleMs, so the next pass polls the mailbox (and watches it) again", async () => {
    const { db } = database;
    const { t, mailbox, inbox, lead, first, worker } = await repliedCampaign({
      inbound: { allowNonPublic: true, idleMs: 300 },
    });
    const stateOf = () => pollStateOf(db, { tenantId: t.tenantId, emailAccountId: mailbox.id });
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, fetched: 0 });
    await vi.waitFor(async () => expect((await stateOf())?.leaseOwner).toBeNull(), settled);

    await dovecot.deliver(inbox, reply({ from: lead.email, to: mailbox.email, inReplyTo: first.messageId }));
    expect(await worker.pollInbound()).toMatchObject({ polled: 1, fetched: 1, results: { replied: 1 } });
    expect((await stateOf())?.leaseOwner).not.toBeNull();
    await worker.stop();
    expect(await stateOf()).toMatchObject({ lastUid: 1, leaseOwner: null });
  });
});
