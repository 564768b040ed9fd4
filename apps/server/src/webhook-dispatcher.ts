import { dispatchDueWebhooks, type WebhookDeps } from "@outbound/api";
import type { Logger } from "./logger.js";
import { startPeriodic } from "./periodic.js";

export interface WebhookDispatcher {
  /** Resolves once a run in progress has finished; no run starts after this. */
  stop(): Promise<void>;
}

/**
 * Sends due webhook deliveries every `intervalMs` (runs never overlap in this process; several
 * processes share the work through the deliveries' leases). A failing run is logged, never thrown.
 */
export function startWebhookDispatcher(deps: WebhookDeps, logger: Logger, intervalMs: number): WebhookDispatcher {
  const dispatcher = startPeriodic(
    async () => {
      const report = await dispatchDueWebhooks(deps);
      if (report.attempted > 0) logger.info({ webhooks: report }, "webhook deliveries attempted");
    },
    { intervalMs, onError: (error) => logger.error({ err: error }, "webhook dispatch failed") },
  );
  return { stop: dispatcher.stop };
}
