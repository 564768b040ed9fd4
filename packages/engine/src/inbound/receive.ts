import { unsubscribeByToken } from "@outbound/api/services/outreach/unsubscribe";
import { simpleParser } from "mailparser";
import type { EngineDeps } from "../deps.js";
import { applyInbound, type InboundEmail, type InboundResult } from "./apply.js";
import { type ClassifiedInbound, classifyInbound, mailtoUnsubscribeToken } from "./classify.js";

/** Where a raw inbound email was found: its mailbox and its place there (the dedup key of mail without a Message-ID). */
export type InboundPlace = Omit<InboundEmail, "classified">;

/**
 * Parses headers and the parts a bounce report needs (HTML and text conversions skipped) and
 * classifies the message; null for one that can't be parsed, which is skipped rather than
 * retried on every poll.
 */
export async function parseInbound(source: Buffer): Promise<ClassifiedInbound | null> {
  try {
    const parsed = await simpleParser(source, {
      keepDeliveryStatus: true,
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
    });
    return classifyInbound(parsed);
  } catch {
    return null;
  }
}

/**
 * Acts on one classified inbound email. A mail to the mailbox with the subject `unsubscribe
 * <token>` is the mailto form of List-Unsubscribe: the same as the one-click link (the signed
 * token names the message, and doing it twice changes nothing). Anything else is a reply,
 * auto-reply or bounce report.
 */
export async function handleInbound(
  deps: Pick<EngineDeps, "db" | "clock" | "tokenKey">,
  email: InboundEmail,
): Promise<InboundResult> {
  const { db, clock, tokenKey } = deps;
  const token = mailtoUnsubscribeToken(email.classified.subject);
  if (token) {
    const done = await unsubscribeByToken({ db, tokenKey, now: clock.now() }, token, "mailto");
    return done ? "unsubscribed" : "ignored";
  }
  return applyInbound(db, email, clock.now());
}

/** A raw inbound email (RFC 822 bytes) as the IMAP poller handles each one it fetches: parsed, classified, acted on. */
export async function receiveInbound(
  deps: Pick<EngineDeps, "db" | "clock" | "tokenKey">,
  place: InboundPlace,
  source: Buffer,
): Promise<InboundResult> {
  const classified = await parseInbound(source);
  return classified ? handleInbound(deps, { ...place, classified }) : "ignored";
}
