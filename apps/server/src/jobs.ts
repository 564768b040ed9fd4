import { activateDueCampaigns, releaseExpiredAssignments, renewDueLocalSubscriptions } from "@outbound/api";
import type { Database } from "@outbound/db";
import { analyzeChangedTables, purgeExpiredRows } from "@outbound/db/queries/maintenance";
import type { Logger } from "./logger.js";
import { type Periodic, startPeriodic } from "./periodic.js";

export interface JobsOptions {
  db: Database;
  logger: Logger;
  /** Pause between the end of one run and the start of the next; null: no timer, runs only on `runOnce` (the testkit, which owns the clock). */
  intervalMs: number | null;
  /** Renew subscriptions of the local billing provider at period end (Stripe renews its own). */
  renewLocalSubscriptions: boolean;
  /**
   * ANALYZE tables that changed a lot since their last statistics, as PostgreSQL's autovacuum
   * does; for the embedded database, which has no autovacuum.
   */
  analyzeChangedTables?: boolean;
  /** Pause between purges of rows nothing reads any more (expired idempotency keys, old sessions…); an hour by default. */
  purgeIntervalMs?: number;
  now?: () => Date;
}

/** `runOnce()` runs every job now (also what each tick does). */
export type Jobs = Periodic;

/**
 * The server's periodic work: launches scheduled campaigns whose time has come, releases expired
 * IP assignments, purges expired rows (hourly) and renews local-billing subscriptions at period end. Runs never overlap in one process, and every job is
 * safe to run from several processes at once (optimistic updates, state checks). A failing run
 * is logged and the next one still comes.
 */
export function startJobs(options: JobsOptions): Jobs {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  let lastPurge = Number.NEGATIVE_INFINITY;

  async function runJobs(): Promise<void> {
    const at = now();
    const activation = await activateDueCampaigns(db, at);
    if (activation.launched.length > 0) {
      logger.info({ campaigns: activation.launched }, "scheduled campaigns launched");
    }
    for (const failure of activation.failed) {
      logger.warn({ campaign: failure }, "scheduled campaign not launched: left scheduled until fixed or cancelled");
    }
    if (options.analyzeChangedTables) {
      const analyzed = await analyzeChangedTables(db);
      if (analyzed.length > 0) logger.info({ tables: analyzed }, "planner statistics refreshed");
    }
    const expired = await releaseExpiredAssignments(db, at);
    if (expired > 0) logger.info({ released: expired }, "expired IP assignments released");
    if (at.getTime() - lastPurge >= (options.purgeIntervalMs ?? 3_600_000)) {
      lastPurge = at.getTime();
      const purged = await purgeExpiredRows(db, at);
      if (Object.values(purged).some((n) => n > 0)) logger.info({ purged }, "expired rows purged");
    }
    if (options.renewLocalSubscriptions) {
      const renewed = await renewDueLocalSubscriptions(db, { now: at });
      if (renewed > 0) logger.info({ renewed }, "subscriptions renewed or ended at period end");
    }
  }

  return startPeriodic(runJobs, {
    intervalMs: options.intervalMs,
    onError: (error) => logger.error({ err: error }, "periodic jobs failed"),
  });
}
