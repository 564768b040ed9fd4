import type { AppRouter } from "@outbound/api";
import type { Operation, TRPCLink } from "@trpc/client";
import { observable, type Unsubscribable } from "@trpc/server/observable";
import type { ResolvedConfig } from "./config.js";
import { fromFailure } from "./error-mapping.js";
import type { OutboundError } from "./errors.js";
import { isSafeToRetry, withIdempotencyKey } from "./idempotency.js";
import { retryDelayMs } from "./retry.js";

/**
 * Every call passes through here once: it gets its idempotency key, each attempt its own
 * timeout, each failure its `OutboundError` class, and transient failures of calls that are safe
 * to repeat are retried with backoff. Timeouts and the caller's abort settle the call at once,
 * even when its request is still shared with other calls of a batch.
 */
export function outboundLink(config: ResolvedConfig): TRPCLink<AppRouter> {
  return () =>
    ({ op: original, next }) =>
      observable((observer) => {
        const op: Operation = withIdempotencyKey(original);
        const retryable = isSafeToRetry(op);
        const callerSignal = op.signal ?? undefined;
        let current: Unsubscribable | undefined;
        let stopCurrent: ((why: "caller") => void) | undefined;
        let pause: ReturnType<typeof setTimeout> | undefined;
        let finished = false;

        const finish = () => {
          finished = true;
          callerSignal?.removeEventListener("abort", onCallerAbort);
        };
        const fail = (error: OutboundError) => {
          finish();
          observer.error(error);
        };
        const abortedByCaller = () =>
          fromFailure(callerSignal?.reason, {
            path: op.path,
            timedOut: false,
            timeoutMs: config.timeoutMs,
            callerAborted: true,
          }).error;

        const onCallerAbort = () => {
          if (finished) return;
          if (pause !== undefined) {
            clearTimeout(pause);
            pause = undefined;
            fail(abortedByCaller());
          } else {
            stopCurrent?.("caller");
          }
        };
        callerSignal?.addEventListener("abort", onCallerAbort, { once: true });

        const attempt = (retries: number) => {
          pause = undefined;
          if (callerSignal?.aborted) return fail(abortedByCaller());
          const controller = new AbortController();
          let settled = false;

          const settle = (cause: unknown, why: "timeout" | "caller" | "failed") => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            controller.abort();
            current?.unsubscribe();
            const mapped = fromFailure(cause, {
              path: op.path,
              timedOut: why === "timeout",
              timeoutMs: config.timeoutMs,
              callerAborted: why === "caller" || (why === "failed" && callerSignal?.aborted === true),
            });
            const delay =
              retryable && retries < config.maxRetries
                ? retryDelayMs(mapped.error, retries + 1, mapped.retryAfterMs)
                : null;
            if (delay === null) return fail(mapped.error);
            pause = setTimeout(() => attempt(retries + 1), delay);
          };
          const timer = setTimeout(() => settle(undefined, "timeout"), config.timeoutMs);
          stopCurrent = (why) => settle(callerSignal?.reason, why);

          current = next({ ...op, signal: controller.signal }).subscribe({
            next(envelope) {
              if (!settled) observer.next(envelope);
            },
            error(cause) {
              settle(cause, "failed");
            },
            complete() {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              finish();
              observer.complete();
            },
          });
          // The inner link may have settled synchronously, before `current` was assigned.
          if (settled) current.unsubscribe();
        };

        attempt(0);
        return () => {
          finish();
          clearTimeout(pause);
          current?.unsubscribe();
        };
      });
}
