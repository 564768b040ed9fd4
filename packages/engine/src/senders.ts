import type { EngineStep } from "@outbound/db/queries/engine-enrollments";
import { mailboxForSend, type SendingMailbox } from "@outbound/db/queries/engine-enrollments";
import type { Batch, Enrollment } from "./batch.js";
import { localDate } from "./local-day.js";
import { end, type StepOutcome, waitUntil } from "./outcome.js";
import { dailyAllowance } from "./warmup.js";

const HOUR_MS = 3_600_000;

export type SenderChoice =
  | { kind: "senders"; mailboxes: SendingMailbox[]; provisional?: SendingMailbox }
  | { kind: "outcome"; outcome: StepOutcome };

/** Moves the in-memory count of a rotation candidate for `today` (the database row is the truth). */
export function countSend(mailbox: SendingMailbox, today: string, by: number): void {
  mailbox.dailyCount = (mailbox.dailyCountDate === today ? mailbox.dailyCount : 0) + by;
  mailbox.dailyCountDate = today;
}

/** Sends left today under the daily cap and the warmup ramp, from what was read (the reservation re-checks). */
function roomToday(mailbox: SendingMailbox, today: string, now: Date): number {
  const sent = mailbox.dailyCountDate === today ? mailbox.dailyCount : 0;
  return dailyAllowance(mailbox, now) - sent;
}

/**
 * The mailboxes to try, in order. The step's mailbox, or the lead's sender once it has one, is
 * the only choice; otherwise the company's active mailboxes on verified domains with room left
 * today, most room first, so leads spread evenly over them.
 */
export async function chooseSenders(batch: Batch, e: Enrollment, step: EngineStep, now: Date): Promise<SenderChoice> {
  const wanted = step.emailAccountId ?? e.emailAccountId;
  if (wanted) {
    const mailbox = await mailboxForSend(batch.deps.db, { tenantId: e.tenantId, id: wanted });
    if (!mailbox) return { kind: "outcome", outcome: end("failed", "the lead's mailbox no longer exists", now) };
    if (mailbox.status !== "active") {
      return {
        kind: "outcome",
        outcome: waitUntil(new Date(now.getTime() + HOUR_MS), `mailbox ${mailbox.email} is ${mailbox.status}`),
      };
    }
    if (mailbox.domainStatus !== "verified") {
      return {
        kind: "outcome",
        outcome: waitUntil(new Date(now.getTime() + HOUR_MS), `the domain ${mailbox.domain} is not verified`),
      };
    }
    return { kind: "senders", mailboxes: [mailbox] };
  }
  const today = localDate(now, batch.timeZone);
  // Most room first; the reservation in the send transaction is the authority, so a mailbox that
  // looks full here is still tried last rather than skipped.
  const open = batch.senders
    .map((mailbox) => ({ mailbox, room: roomToday(mailbox, today, now) }))
    .sort((a, b) => b.room - a.room)
    .map((c) => c.mailbox);
  const first = open[0];
  if (!first) {
    return {
      kind: "outcome",
      outcome: waitUntil(
        new Date(now.getTime() + HOUR_MS),
        "the campaign's company has no active mailbox on a verified domain",
      ),
    };
  }
  // Counted at once, before the reservation commits, so lanes choosing at the same moment spread out.
  countSend(first, today, 1);
  return { kind: "senders", mailboxes: open, provisional: first };
}

/** The mailbox a queued message was written for: a retry goes out from the same one. */
export function mailboxForRetry(batch: Batch, id: string): Promise<SendingMailbox | null> {
  return mailboxForSend(batch.deps.db, { tenantId: batch.campaign.tenantId, id });
}
