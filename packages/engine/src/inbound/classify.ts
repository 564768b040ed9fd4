import type { ParsedMail } from "mailparser";

/** What an inbound email is to the engine, with the Message-IDs it may answer, most likely first. */
export type InboundKind =
  | { kind: "reply" }
  | { kind: "auto_reply"; reason: string }
  /** Machine mail that is neither: a read receipt, a complaint report, a bounce in no standard form. */
  | { kind: "other"; reason: string }
  /** A complaint (ARF, RFC 5965: a mailbox provider's feedback loop); `feedbackType` is e.g. `abuse`. */
  | { kind: "complaint"; feedbackType: string | null }
  /** A delivery status notification; `status` is the RFC 3463 code (`5.1.1`), null when it has none. */
  | { kind: "dsn"; status: string | null; action: string | null; diagnostic: string | null };

export interface ClassifiedInbound {
  type: InboundKind;
  /** Candidate Message-IDs of our message (angle brackets included), most specific first. */
  references: string[];
  /** The inbound email's own Message-ID, if it has one. */
  messageId: string | null;
  subject: string;
}

/** Subjects of out-of-office and similar automatic answers, in the languages our tenants meet most. */
const AUTO_REPLY_SUBJECT =
  /(^|\W)(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|absence du bureau|respuesta autom[aá]tica|risposta automatica|automatisch antwoord|afwezigheid)(\W|$)/i;

/**
 * The token of the mailto form of List-Unsubscribe: our header asks for the subject
 * `unsubscribe <token>` (mail clients may prefix `Re:`); null for any other subject.
 */
export function mailtoUnsubscribeToken(subject: string): string | null {
  return /^\s*(?:re:\s*)?unsubscribe\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i.exec(subject)?.[1] ?? null;
}

/** Every `<id>` in a header value such as References (whitespace- or comma-separated). */
export function messageIdsIn(value: string | string[] | undefined | null): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(" ") : value;
  return [...text.matchAll(/<[^<>\s]+>/g)].map((m) => m[0]);
}

const headerText = (parsed: ParsedMail, name: string): string | null => {
  const value = parsed.headers.get(name);
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "object" && "value" in value && typeof value.value === "string") return value.value;
  return String(value);
};

/** The first value of `field` in a block of header-style lines (a delivery-status part, a header block). */
export function fieldOf(block: string, field: string): string | null {
  const unfolded = block.replace(/\r?\n[ \t]+/g, " ");
  const pattern = new RegExp(`^${field}[ \\t]*:[ \\t]*(.*)$`, "im");
  return pattern.exec(unfolded)?.[1]?.trim() || null;
}

/** The head of an attached message or header part: everything before the first blank line. */
const headOf = (content: string): string => content.split(/\r?\n\r?\n/, 1)[0] ?? "";

function autoReplyReason(parsed: ParsedMail, subject: string): string | null {
  const autoSubmitted = headerText(parsed, "auto-submitted");
  if (autoSubmitted && autoSubmitted.trim().toLowerCase() !== "no") return `Auto-Submitted: ${autoSubmitted.trim()}`;
  if (parsed.headers.has("x-autoreply")) return "X-Autoreply";
  if (parsed.headers.has("x-autorespond")) return "X-Autorespond";
  const precedence = headerText(parsed, "precedence")?.trim().toLowerCase();
  if (precedence === "auto_reply" || precedence === "auto-reply") return `Precedence: ${precedence}`;
  if (AUTO_REPLY_SUBJECT.test(subject)) return "subject";
  return null;
}

/** The `report-type` of a `multipart/report`, else null. */
function reportType(parsed: ParsedMail): string | null {
  const contentType = parsed.headers.get("content-type");
  if (typeof contentType !== "object" || contentType === null || !("value" in contentType)) return null;
  if (String(contentType.value).toLowerCase() !== "multipart/report") return null;
  const params = "params" in contentType ? (contentType.params as Record<string, string>) : {};
  return String(params["report-type"] ?? "").toLowerCase();
}

/** Mail from the system accounts that send bounces; without a standard report it is nobody's reply. */
function fromMailSystem(parsed: ParsedMail): boolean {
  const address = parsed.from?.value[0]?.address?.toLowerCase() ?? "";
  return /^(mailer-daemon|postmaster)@/.test(address);
}

/**
 * The machine-readable part of a `multipart/report` of `reportKind` (one of `partTypes`) and the
 * Message-IDs of the original message it carries (attached whole or as headers).
 */
function reportOf(
  parsed: ParsedMail,
  reportKind: string,
  partTypes: readonly string[],
): { report: string | null; originalIds: string[] } | null {
  if (reportType(parsed) !== reportKind) return null;
  let report: string | null = null;
  const originalIds: string[] = [];
  for (const part of parsed.attachments) {
    const type = part.contentType.toLowerCase();
    if (partTypes.includes(type)) {
      report ??= part.content.toString("utf8");
    } else if (type === "message/rfc822" || type === "text/rfc822-headers" || type === "message/global-headers") {
      originalIds.push(...messageIdsIn(fieldOf(headOf(part.content.toString("utf8")), "message-id")));
    }
  }
  return { report, originalIds };
}

const deliveryStatus = (parsed: ParsedMail) =>
  reportOf(parsed, "delivery-status", ["message/delivery-status", "message/global-delivery-status"]);
const feedbackReport = (parsed: ParsedMail) => reportOf(parsed, "feedback-report", ["message/feedback-report"]);

/**
 * Sorts an inbound email: a delivery status notification (checked first: bounce reports carry
 * `Auto-Submitted` too), other machine mail (other reports, the mail system's own messages), an
 * automatic answer (the auto-reply headers, out-of-office subjects), or a reply. Reads headers
 * and report parts only, never the body text.
 */
export function classifyInbound(parsed: ParsedMail): ClassifiedInbound {
  const subject = (parsed.subject ?? "").trim();
  const inReplyTo = messageIdsIn(parsed.inReplyTo);
  const references = messageIdsIn(parsed.references).reverse();
  const messageId = messageIdsIn(parsed.messageId)[0] ?? null;
  const thread = [...new Set([...inReplyTo, ...references])];

  const dsn = deliveryStatus(parsed);
  if (dsn) {
    const status = dsn.report ? fieldOf(dsn.report, "status")?.match(/^[245]\.\d{1,3}\.\d{1,3}/)?.[0] : undefined;
    return {
      type: {
        kind: "dsn",
        status: status ?? null,
        action: dsn.report ? (fieldOf(dsn.report, "action")?.toLowerCase() ?? null) : null,
        diagnostic: dsn.report ? fieldOf(dsn.report, "diagnostic-code") : null,
      },
      references: [...new Set([...dsn.originalIds, ...thread])],
      messageId,
      subject,
    };
  }
  const complaint = feedbackReport(parsed);
  if (complaint) {
    return {
      type: {
        kind: "complaint",
        feedbackType: complaint.report ? (fieldOf(complaint.report, "feedback-type")?.toLowerCase() ?? null) : null,
      },
      references: [...new Set([...complaint.originalIds, ...thread])],
      messageId,
      subject,
    };
  }
  const report = reportType(parsed);
  if (report !== null)
    return { type: { kind: "other", reason: `report ${report}` }, references: thread, messageId, subject };
  if (fromMailSystem(parsed))
    return { type: { kind: "other", reason: "mail system" }, references: thread, messageId, subject };
  const reason = autoReplyReason(parsed, subject);
  return {
    type: reason ? { kind: "auto_reply", reason } : { kind: "reply" },
    references: thread,
    messageId,
    subject,
  };
}

/**
 * How a DSN counts: `hard` (5.x.x, or a failed action without a status), `soft` (4.x.x, or a
 * delayed action), or `none` (delivered, relayed, or nothing readable).
 */
export function bounceSeverity(type: Extract<InboundKind, { kind: "dsn" }>): "hard" | "soft" | "none" {
  if (type.status?.startsWith("5.")) return "hard";
  if (type.status?.startsWith("4.")) return "soft";
  if (type.status === null && type.action === "failed") return "hard";
  if (type.status === null && type.action === "delayed") return "soft";
  return "none";
}
