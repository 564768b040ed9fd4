import { randomUUID } from "node:crypto";
import { createTransport } from "nodemailer";
import type { CapturedMail } from "./types.js";

const domainOf = (address: string): string => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

/** The header block of a raw message: everything before the first blank line. */
const headerBlock = (raw: string): string => raw.split(/\r?\n\r?\n/, 1)[0] ?? "";

const replySubject = (subject: string): string => (/^\s*re:/i.test(subject) ? subject : `Re: ${subject}`);

// Composes in memory only: nothing is sent anywhere.
const composer = createTransport({ streamTransport: true, buffer: true, newline: "crlf" });

/**
 * A reply from the recipient of `original`, as a mail client writes one: From the lead, To the
 * sending mailbox, `Re:` subject, In-Reply-To and References naming the original, the original quoted.
 */
export async function replyTo(original: CapturedMail, text: string, at: Date): Promise<Buffer> {
  const quoted = original.text
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join("\n");
  const info = await composer.sendMail({
    from: original.to,
    to: original.from.name ? { name: original.from.name, address: original.from.address } : original.from.address,
    subject: replySubject(original.subject),
    text: `${text}\n\nOn ${at.toUTCString()}, ${original.from.address} wrote:\n${quoted}\n`,
    messageId: `<reply-${randomUUID()}@${domainOf(original.to)}>`,
    inReplyTo: original.messageId,
    references: [original.headers.References, original.messageId].filter(Boolean).join(" "),
    date: at,
  });
  return Buffer.isBuffer(info.message) ? info.message : Buffer.from(String(info.message));
}

/**
 * A delivery status notification (RFC 3464) from the recipient's mail server: `multipart/report;
 * report-type=delivery-status` with a failed action, status 5.1.1 (user unknown) and the
 * original's headers attached, the shape Postfix and most servers send.
 */
export function bounceOf(original: CapturedMail, at: Date): Buffer {
  const host = `mx.${domainOf(original.to)}`;
  const boundary = `dsn-${randomUUID()}`;
  const lines = [
    `From: Mail Delivery System <MAILER-DAEMON@${host}>`,
    `To: <${original.from.address}>`,
    "Subject: Undelivered Mail Returned to Sender",
    `Date: ${at.toUTCString()}`,
    `Message-ID: <dsn-${randomUUID()}@${host}>`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    `This is the mail system at host ${host}.`,
    "",
    "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
    "",
    `<${original.to}>: host ${host} said: 550 5.1.1 <${original.to}>: Recipient address rejected: User unknown`,
    "",
    `--${boundary}`,
    "Content-Type: message/delivery-status",
    "",
    `Reporting-MTA: dns; ${host}`,
    `Arrival-Date: ${at.toUTCString()}`,
    "",
    `Final-Recipient: rfc822; ${original.to}`,
    `Original-Recipient: rfc822;${original.to}`,
    "Action: failed",
    "Status: 5.1.1",
    `Remote-MTA: dns; ${host}`,
    `Diagnostic-Code: smtp; 550 5.1.1 <${original.to}>: Recipient address rejected: User unknown`,
    "",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    headerBlock(original.raw),
    "",
    `--${boundary}--`,
    "",
  ];
  return Buffer.from(lines.join("\r\n"));
}
