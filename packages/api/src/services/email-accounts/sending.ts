import type { Database } from "@outbound/db";
import {
  addDailySends,
  addMonthlyEmails,
  dailySendState,
  monthlyEmailsSent,
  tenantTimeZone,
} from "@outbound/db/queries/email-accounts";
import { zonedFormat } from "../../domain/zoned-format.js";
import { conflict, DomainError, notFound } from "../../errors.js";
import { applicableAllowances } from "../quotas/limits.js";
import { usageMonth } from "../quotas/usage-month.js";

const dayFormat = zonedFormat({ year: "numeric", month: "2-digit", day: "2-digit" });

/** `YYYY-MM-DD` of `at` in `timeZone`; an unknown zone counts as UTC rather than failing every send. */
export function localDate(at: Date, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = dayFormat(timeZone).formatToParts(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** Whole seconds from `at` until the local date in `timeZone` next changes (found by bisection, so DST needs no table). */
export function secondsUntilNextLocalDay(at: Date, timeZone: string): number {
  const today = localDate(at, timeZone);
  let low = at.getTime();
  let high = low + 48 * 3600_000;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (localDate(new Date(middle), timeZone) === today) low = middle;
    else high = middle;
  }
  return Math.max(1, Math.ceil((high - at.getTime()) / 1000));
}

/**
 * Counts `count` sends from the mailbox: its daily count (a new day in the tenant's time zone
 * starts from zero, refused past `daily_cap`) and the tenant's emails this month (refused past
 * `max_emails_per_month`). Both counters change in one transaction, each with a single
 * conditional statement, so concurrent sends never overshoot either limit and a refused send
 * counts nowhere. Locks are taken mailbox first, month second, the same order for every call.
 */
export async function recordSend(
  db: Database,
  args: { tenantId: string; id: string; count: number },
  now = new Date(),
) {
  const { tenantId, id, count } = args;
  const timeZone = await tenantTimeZone(db, tenantId);
  const today = localDate(now, timeZone);
  const month = usageMonth(now);
  // Looked up before the transaction; a refusal is thrown after the daily check, which answers first.
  const allowances = await applicableAllowances(db, tenantId, "max_emails_per_month").catch((error: unknown) => {
    if (error instanceof DomainError) return error;
    throw error;
  });
  return db.transaction(async (tx) => {
    const mailbox = await addDailySends(tx, { tenantId, id, count, today });
    if (!mailbox) throw await dailyRefusal(tx, { tenantId, id, count, today, timeZone, now });
    if (allowances instanceof DomainError) throw allowances;
    const allowed = allowances.limits.max_emails_per_month;
    const sent = count <= allowed ? await addMonthlyEmails(tx, { tenantId, month, count, allowed }) : null;
    if (sent === null) {
      const used = await monthlyEmailsSent(tx, { tenantId, month });
      throw new DomainError(
        "PAYMENT_REQUIRED",
        `Plan limit max_emails_per_month reached: ${used} of ${allowed} sent this month${count > 1 ? `, ${count} more asked for` : ""}. Upgrade the plan or buy an add-on for more`,
        { limit: "max_emails_per_month", allowed, used },
      );
    }
    return { ...mailbox, month, monthlyEmailsSent: sent, monthlyEmailsAllowed: allowed };
  });
}

async function dailyRefusal(
  db: Database,
  args: { tenantId: string; id: string; count: number; today: string; timeZone: string; now: Date },
): Promise<DomainError> {
  const state = await dailySendState(db, args);
  if (!state) return notFound("Email account");
  if (state.status !== "active") {
    return conflict(`This mailbox is ${state.status}: set it active to send from it`, { status: state.status });
  }
  return new DomainError(
    "TOO_MANY_REQUESTS",
    `This mailbox's daily cap is reached: ${state.sentToday} of ${state.dailyCap} sent on ${args.today} (${args.timeZone})${args.count > 1 ? `, ${args.count} more asked for` : ""}. It resets at midnight in the tenant's time zone`,
    {
      limit: "daily_cap",
      allowed: state.dailyCap,
      used: state.sentToday,
      retryAfter: secondsUntilNextLocalDay(args.now, args.timeZone),
    },
  );
}
