import { dispatchDueWebhooks, type WebhookDeps } from "@outbound/api";
import type { Logger } from "./logger.js";

export interface WebhookDispatcher {
  /** Resolves once a run in progress has finished; no run starts after this. */
  stop(): Promise<void>;
}

/**
 * Sends due webhook deliveries every `intervalMs` (runs never overlap in this process; several
 * processes share the work through the deliveries' leases). A failing run is logged, never thrown.
 */
export function startWebhookDispatcher(deps: WebhookDeps, logger: Logger, intervalMs: number): WebhookDispatcher {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running = dispatchDueWebhooks(deps)
      .then((report) => {
        if (report.attempted > 0) logger.info({ webhooks: report }, "webhook deliveries attempted");
      })
      .catch((error: unknown) => logger.error({ err: error }, "webhook dispatch failed"))
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, intervalMs).unref();
      });
  };
  timer = setTimeout(tick, intervalMs).unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
