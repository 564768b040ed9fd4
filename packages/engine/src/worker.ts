import { randomUUID } from "node:crypto";
import { loggableError } from "@outbound/api/loggable-error";
import { claimDueEnrollments, findDueCampaigns } from "@outbound/db/queries/engine-claims";
import { campaignForEngine, releaseLeases } from "@outbound/db/queries/engine-enrollments";
import { openBatch } from "./batch.js";
import { completeCampaignIfFinished } from "./campaign-completion.js";
import type { EngineDeps } from "./deps.js";
import { type InboundOptions, InboundPoller, type InboundReport } from "./inbound/poller.js";
import { runEnrollment } from "./run-enrollment.js";

export interface WorkerOptions {
  /** Enrollments leased per claim. */
  batchSize?: number;
  /** How long a lease lasts; longer than any SMTP attempt (the transport's timeouts are shorter). */
  leaseMs?: number;
  /** Enrollments of a batch in flight at once (SMTP conversations overlap on the pooled connections). */
  concurrency?: number;
  /** Pause after a cycle that found nothing due. */
  idleMs?: number;
  /** Campaigns looked at per cycle. */
  campaignsPerCycle?: number;
  /** Serve only these tenants (a dedicated worker; tests on a shared database); every tenant when absent. */
  tenantIds?: readonly string[] | undefined;
  /** Inbound mail over IMAP (replies, auto-replies, bounce reports); `false` turns it off. */
  inbound?: InboundOptions | false;
  /** How often `start()` looks for mailboxes due for an IMAP poll (each has its own interval). */
  inboundEveryMs?: number;
}

export interface CycleReport {
  claimed: number;
  ended: number;
  campaignsCompleted: string[];
}

const DEFAULTS = {
  batchSize: 50,
  leaseMs: 5 * 60_000,
  concurrency: 8,
  idleMs: 1_000,
  campaignsPerCycle: 20,
  inboundEveryMs: 5_000,
};

/**
 * The sending engine's loop. Each cycle finds campaigns with due enrollments, leases a batch of
 * each (one single-tenant claim statement), walks every leased enrollment through its due steps
 * and lets the lease go. Any number of workers may run against one database: leases keep their
 * batches disjoint and the unique message per enrollment and step keeps any step from being sent twice.
 */
export class EngineWorker {
  readonly id = randomUUID();
  private readonly options: Required<Omit<WorkerOptions, "tenantIds" | "inbound">> & Pick<WorkerOptions, "tenantIds">;
  private running: Promise<CycleReport> | undefined;
  private timer: NodeJS.Timeout | undefined;
  // Inbound runs beside the sending cycles, on its own timer: a slow IMAP server never holds up sends.
  private readonly inbound: InboundPoller | undefined;
  private polling: Promise<InboundReport> | undefined;
  private inboundTimer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly deps: EngineDeps,
    options: WorkerOptions = {},
  ) {
    const { inbound, ...rest } = options;
    this.options = { ...DEFAULTS, ...rest };
    if (inbound !== false) {
      this.inbound = new InboundPoller(deps, this.id, { tenantIds: options.tenantIds, ...inbound });
    }
  }

  /** One inbound pass now (every mailbox due for an IMAP poll); concurrent calls share the pass in progress. */
  pollInbound(): Promise<InboundReport> {
    if (!this.inbound) return Promise.resolve({ polled: 0, failed: 0, fetched: 0, results: {} });
    const inbound = this.inbound;
    this.polling ??= inbound.runOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  /** One cycle now; concurrent calls share the cycle in progress. */
  runOnce(): Promise<CycleReport> {
    this.running ??= this.cycle().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Cycles until nothing is due (tests walk a sequence with this between clock moves). */
  async drain(maxCycles = 1_000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxCycles; i++) {
      const report = await this.runOnce();
      total += report.claimed;
      if (report.claimed === 0) return total;
    }
    return total;
  }

  private async cycle(): Promise<CycleReport> {
    const { db, clock } = this.deps;
    const report: CycleReport = { claimed: 0, ended: 0, campaignsCompleted: [] };
    const due = await findDueCampaigns(db, {
      now: clock.now(),
      limit: this.options.campaignsPerCycle,
      tenantIds: this.options.tenantIds,
    });
    for (const { tenantId, campaignId } of due) {
      const now = clock.now();
      const claimed = await claimDueEnrollments(db, {
        tenantId,
        campaignId,
        now,
        until: new Date(now.getTime() + this.options.leaseMs),
        token: this.id,
        limit: this.options.batchSize,
      });
      if (claimed.length === 0) continue;
      report.claimed += claimed.length;
      const campaign = await campaignForEngine(db, { tenantId, campaignId });
      if (campaign?.status !== "active") {
        await releaseLeases(db, { tenantId, ids: claimed.map((c) => c.id), token: this.id });
        continue;
      }
      const batch = await openBatch(this.deps, campaign, this.id);
      let ended = 0;
      let next = 0;
      const lane = async () => {
        while (next < claimed.length) {
          const enrollment = claimed[next++];
          if (!enrollment) return;
          try {
            if ((await runEnrollment(batch, enrollment)) === "ended") ended++;
          } catch (error) {
            // The lease expires and another cycle retries; the message row keeps it from sending twice.
            this.deps.log?.("error", "enrollment step failed", {
              tenantId,
              campaignLeadId: enrollment.id,
              error: loggableError(error),
            });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claimed.length) }, lane));
      report.ended += ended;
      if (ended > 0 && (await completeCampaignIfFinished(db, { tenantId, campaignId, now: clock.now() }))) {
        report.campaignsCompleted.push(campaignId);
      }
    }
    return report;
  }

  /** Cycles until `stop()`, resting `idleMs` whenever a cycle found nothing due; polls inbound mail every `inboundEveryMs`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      let report: CycleReport | undefined;
      try {
        report = await this.runOnce();
      } catch (error) {
        this.deps.log?.("error", "engine cycle failed", { error: loggableError(error) });
      }
      if (this.stopped) return;
      this.timer = setTimeout(() => void tick(), report && report.claimed > 0 ? 0 : this.options.idleMs);
    };
    void tick();
    const poll = async () => {
      if (this.stopped) return;
      try {
        await this.pollInbound();
      } catch (error) {
        this.deps.log?.("error", "inbound pass failed", { error: loggableError(error) });
      }
      if (!this.stopped) this.inboundTimer = setTimeout(() => void poll(), this.options.inboundEveryMs);
    };
    if (this.inbound) void poll();
  }

  /** No cycle starts after this; resolves once the cycle in progress has finished its sends, IMAP IDLE watches have ended and the SMTP pools are closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.inboundTimer);
    await this.running?.catch(() => undefined);
    await this.polling?.catch(() => undefined);
    await this.inbound?.close();
    await this.deps.transport.close();
  }
}
