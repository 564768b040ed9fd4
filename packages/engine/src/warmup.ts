const DAY_MS = 86_400_000;

/** Sends a mailbox in warmup may make on its first day, and how many more each day after. */
export const WARMUP_START = 5;
export const WARMUP_STEP = 3;

/**
 * The warmup ramp: a mailbox whose warmup started `d` whole days ago may send
 * `5 + 3·d` emails that day (5, 8, 11, …), never more than its own `daily_cap`. A new mailbox
 * earns its reputation with a few messages a day; at the default cap of 50 the ramp ends on day 15.
 */
export function dailyAllowance(mailbox: { dailyCap: number; warmupStarted: Date | null }, now: Date): number {
  if (!mailbox.warmupStarted) return mailbox.dailyCap;
  const days = Math.max(0, Math.floor((now.getTime() - mailbox.warmupStarted.getTime()) / DAY_MS));
  return Math.min(mailbox.dailyCap, WARMUP_START + WARMUP_STEP * days);
}
