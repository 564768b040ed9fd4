import type { SendMailOptions } from "nodemailer";
import type { OutgoingMail } from "./transport.js";

/**
 * The nodemailer message for an outgoing mail, DKIM signing included: what goes over SMTP, and
 * what a transport that only records mail composes, so both hold the same bytes.
 */
export function mailOptionsOf(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    messageId: mail.messageId,
    // nodemailer writes the Message-ID header from `messageId`; a second copy would be invalid.
    headers: Object.fromEntries(Object.entries(mail.headers).filter(([name]) => name.toLowerCase() !== "message-id")),
    ...(mail.dkim ? { dkim: mail.dkim } : {}),
  };
}
