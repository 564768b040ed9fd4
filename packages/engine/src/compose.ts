import { isHtml } from "@outbound/api/services/content/template-render";
import { signMessageToken } from "@outbound/api/services/outreach/message-tokens";
import { addTracking } from "@outbound/api/services/outreach/tracking-links";
import { convert } from "html-to-text";

/** Header-safe text: every control character (CR and LF included) becomes a space, so lead data can't add a header. */
export const singleLine = (value: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();

export interface ComposeInput {
  tenantId: string;
  /** Our id of the message row; the tokens name it. */
  id: string;
  domain: string;
  fromEmail: string;
  fromName: string | null;
  toEmail: string;
  subject: string;
  content: string;
  /** Message-ID of the lead's first email of the campaign, for follow-ups. */
  threadMessageId: string | null;
  tokenKey: Buffer;
  /** Public base URL of the server, for the unsubscribe link. */
  publicUrl: string;
  /** The campaign's opt-in tracking; it applies to HTML messages only (a text part has no pixel or links to rewrite). */
  trackOpens?: boolean;
  trackClicks?: boolean;
}

export interface ComposedMessage {
  messageId: string;
  inReplyTo: string | null;
  subject: string;
  /** HTML when the template is HTML, else the text. */
  body: string;
  html: string | null;
  text: string;
  headers: Record<string, string>;
}

/**
 * The message as it is stored and sent: a Message-ID on the sending domain, RFC 8058 one-click
 * unsubscribe (an https URL and a mailto to the sending mailbox, both carrying a signed token),
 * threading headers on follow-ups, and always a plain-text part.
 */
export function composeMessage(input: ComposeInput): ComposedMessage {
  const messageId = `<${input.id}@${input.domain}>`;
  const token = signMessageToken(input.tokenKey, "unsubscribe", { tenantId: input.tenantId, messageId: input.id });
  const base = input.publicUrl.replace(/\/+$/, "");
  const headers: Record<string, string> = {
    "Message-ID": messageId,
    "List-Unsubscribe": `<${base}/u/${token}>, <mailto:${input.fromEmail}?subject=unsubscribe%20${token}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
  if (input.threadMessageId) {
    headers["In-Reply-To"] = input.threadMessageId;
    headers.References = input.threadMessageId;
  }
  const original = isHtml(input.content) ? input.content : null;
  // The text part is made from the HTML before tracking, so it carries the real links.
  const text = original ? convert(original, { wordwrap: 78 }) : input.content;
  const ref = { tenantId: input.tenantId, messageId: input.id };
  const tracking = { base, key: input.tokenKey, ref, opens: !!input.trackOpens, clicks: !!input.trackClicks };
  const html = original && (tracking.opens || tracking.clicks) ? addTracking(original, tracking) : original;
  return {
    messageId,
    inReplyTo: input.threadMessageId,
    subject: singleLine(input.subject),
    body: html ?? text,
    html,
    text,
    headers,
  };
}
