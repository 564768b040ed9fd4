import { ConnectionError, type OutboundError, RateLimitError, TimeoutError } from "./errors.js";

/** Backoff bounds: the first retry waits 250–500 ms, each next one doubles, never over 8 s. */
export const RETRY_BASE_DELAY_MS = 500;
export const RETRY_MAX_DELAY_MS = 8_000;
/** A server asking for a longer pause than this gets the error back instead of a silent minute-long wait. */
export const RETRY_AFTER_LIMIT_MS = 60_000;

const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/** Failures worth another attempt: nothing about the request itself was wrong. */
export function isTransient(error: OutboundError): boolean {
  return (
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    error instanceof RateLimitError ||
    (error.httpStatus !== undefined && TRANSIENT_STATUSES.has(error.httpStatus))
  );
}

/**
 * How long to wait before retry number `retry` (1 for the first), or `null` to give up:
 * capped exponential backoff with jitter (so clients that failed together don't retry together),
 * and never sooner than the server's `Retry-After`.
 */
export function retryDelayMs(
  error: OutboundError,
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | null {
  if (!isTransient(error)) return null;
  if (retryAfterMs !== undefined && retryAfterMs > RETRY_AFTER_LIMIT_MS) return null;
  const ceiling = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** (retry - 1));
  const backoff = ceiling * (0.5 + random() * 0.5);
  return Math.round(Math.max(backoff, retryAfterMs ?? 0));
}
