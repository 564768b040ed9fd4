import type { MailServerSettings } from "@outbound/db/schema";

/** Everything one SMTP send needs; the password and DKIM key were read from the secret store. */
export interface OutgoingMail {
  mailbox: { id: string; email: string; settings: MailServerSettings; password: string };
  dkim: { domainName: string; keySelector: string; privateKey: string } | null;
  from: { name: string | null; address: string };
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** Message-ID, List-Unsubscribe, threading headers: set exactly as given. */
  headers: Record<string, string>;
  messageId: string;
}

/**
 * What became of a send: `sent`; `retry` for SMTP 4xx and connection trouble; `bounce` for a
 * 5xx to the recipient or the message; `failed` for another permanent refusal; `mailbox` when
 * the mailbox itself can't send (login refused), which pauses the mailbox, not the message.
 */
export type SendOutcome =
  | { kind: "sent"; response: string }
  | { kind: "retry"; response: string }
  | { kind: "bounce"; response: string }
  | { kind: "failed"; response: string }
  | { kind: "mailbox"; response: string };

export interface MailTransport {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): Promise<void>;
}
