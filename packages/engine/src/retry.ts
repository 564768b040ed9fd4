/** SMTP 4xx and connection failures retry on this schedule, each delay jittered by ±20 %. */
export const RETRY_DELAYS_MINUTES = [5, 15, 30, 60, 120, 240, 480, 720];

/** After this long since the first attempt a message that never got through is `failed`. */
export const RETRY_HORIZON_MS = 48 * 3_600_000;

/**
 * When attempt number `attempts` (1-based, just failed) is next tried, or null to give up:
 * 5 min, 15 min, 30 min, then doubling to 12 h, until 48 h after the first attempt.
 */
export function nextRetryAt(args: {
  attempts: number;
  firstAttempt: Date;
  now: Date;
  random?: () => number;
}): Date | null {
  const index = Math.min(args.attempts - 1, RETRY_DELAYS_MINUTES.length - 1);
  const minutes = RETRY_DELAYS_MINUTES[Math.max(0, index)] ?? 720;
  const jitter = 0.8 + 0.4 * (args.random ?? Math.random)();
  const at = args.now.getTime() + minutes * 60_000 * jitter;
  if (at - args.firstAttempt.getTime() > RETRY_HORIZON_MS) return null;
  return new Date(at);
}
