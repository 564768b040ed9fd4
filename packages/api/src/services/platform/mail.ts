import { createTransport } from "nodemailer";

/** Outbound's own mail to people (invitations), apart from tenants' outreach mailboxes. */
export interface PlatformMail {
  to: string;
  subject: string;
  text: string;
}

export interface PlatformMailer {
  send(mail: PlatformMail): Promise<void>;
}

/** Sends through the SMTP server of an `smtp://user:pass@host:port` (or `smtps://`) URL. */
export function smtpPlatformMailer(url: string, from: string): PlatformMailer {
  const transport = createTransport(url);
  return {
    send: async (mail) => {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
