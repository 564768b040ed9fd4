import type { Clock } from "@outbound/api/clock";
import { type MailTransport, mailOptionsOf, type OutgoingMail, type SendOutcome } from "@outbound/engine";
import { createTransport } from "nodemailer";
import type { CapturedMail } from "./types.js";

/** What the outbox knows of a message beyond the mail itself: the ids of what it was sent for. */
export type DescribeMail = (
  mail: OutgoingMail,
) => Promise<Pick<CapturedMail, "campaignId" | "stepId" | "leadId" | "campaignLeadId">>;

/**
 * The engine's mail transport in the testkit: every mail is composed and DKIM-signed by
 * nodemailer exactly as for SMTP (same options), then kept instead of sent. Every send succeeds.
 */
export class CapturedOutbox implements MailTransport {
  private readonly mails: CapturedMail[] = [];
  // Builds the message in memory: no connection, nothing leaves the process.
  private readonly composer = createTransport({ streamTransport: true, buffer: true, newline: "crlf" });

  constructor(
    private readonly clock: Clock,
    private readonly describe: DescribeMail,
  ) {}

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    const info = await this.composer.sendMail(mailOptionsOf(mail));
    const raw = Buffer.isBuffer(info.message) ? info.message.toString("utf8") : String(info.message);
    this.mails.push({
      messageId: mail.messageId,
      from: { ...mail.from },
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { ...mail.headers },
      raw,
      emailAccountId: mail.mailbox.id,
      ...(await this.describe(mail)),
      sentAt: this.clock.now(),
    });
    return { kind: "sent", response: "250 2.0.0 captured by @outbound/testkit" };
  }

  /** Every captured mail, oldest first; a copy, so a test can't change what later calls see. */
  list(): CapturedMail[] {
    return this.mails.map((mail) => ({ ...mail }));
  }

  /** The captured mail with this Message-ID (angle brackets optional). */
  find(messageId: string): CapturedMail | undefined {
    const wanted = messageId.startsWith("<") ? messageId : `<${messageId}>`;
    return this.mails.find((mail) => mail.messageId === wanted);
  }

  async close(): Promise<void> {
    this.composer.close();
  }
}
