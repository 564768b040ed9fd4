import { useTestDatabase } from "@outbound/testing";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { applyInbound } from "../src/inbound/apply.js";
import { classifyInbound, type MailTransport, type OutgoingMail, SmtpTransport } from "../src/index.js";
import { addLeads, campaignWith, enroll, enrollments, messagesOf, sendingTenant } from "./support/fixture.js";
import { usePeers } from "./support/peers.js";

const database = useTestDatabase();
const peers = usePeers();

/** A reply to `mail` as a mail client writes it. */
async function replyTo(mail: OutgoingMail) {
  const raw = [
    `From: <${mail.to}>`,
    `To: <${mail.from.address}>`,
    `Subject: Re: ${mail.subject}`,
    `Message-ID: <reply-${crypto.randomUUID()}@customer.example.test>`,
    `In-Reply-To: ${mail.messageId}`,
    `References: ${mail.messageId}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Yes, let's talk.",
    "",
  ].join("\r\n");
  return classifyInbound(await simpleParser(raw));
}

describe("a reply that arrives while the engine works on the enrollment", () => {
  it("ends the sequence: the worker holding the lease writes nothing over it and sends no further step", async () => {
    const { db } = database;
    const t = await sendingTenant(db, peers);
    const mailbox = t.mailboxes[0];
    if (!mailbox) throw new Error("no mailbox");
    // Two emails with nothing between them: the worker goes on to the second in the same run.
    const { campaign } = await campaignWith(t, [
      { stepType: "email" },
      { stepType: "email", subjectOverride: "Again" },
    ]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const [lead] = await addLeads(db, t.tenantId, 1);
    if (!lead) throw new Error("no lead");
    await enroll(db, t.tenantId, campaign.id, [lead.id], t.clock.now());

    // The reply lands while the first mail is with the SMTP server, the enrollment leased.
    const smtp = new SmtpTransport({ allowNonPublic: true, timeoutMs: 5_000 });
    const handed: OutgoingMail[] = [];
    let replied = "";
    const transport: MailTransport = {
      async send(mail) {
        handed.push(mail);
        const outcome = await smtp.send(mail);
        if (handed.length === 1) {
          replied = await applyInbound(
            db,
            {
              tenantId: t.tenantId,
              emailAccountId: mailbox.id,
              uidValidity: 1,
              uid: 1,
              classified: await replyTo(mail),
            },
            t.clock.now(),
          );
        }
        return outcome;
      },
      close: () => smtp.close(),
    };
    const worker = t.worker({ transport });
    await worker.drain();
    t.clock.advance(2 * 24 * 3_600_000);
    await worker.drain();
    await transport.close();

    expect(replied).toBe("replied");
    expect(handed.map((m) => m.to)).toEqual([lead.email]);
    const sent = await messagesOf(db, t.tenantId, campaign.id);
    expect(sent.map((m) => m.status)).toEqual(["sent"]);
    const [e] = await enrollments(db, t.tenantId, campaign.id);
    // The reply's end stands: not moved on, not rescheduled, and the lease given back.
    expect(e).toMatchObject({ status: "replied", finishedReason: "replied", nextActionAt: null, currentStepOrder: 1 });
    expect(e?.lockedBy).toBeNull();
  });
});
