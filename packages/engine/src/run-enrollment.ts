import {
  changeLeasedEnrollment,
  enrollmentEventTypes,
  isAddressSuppressed,
} from "@outbound/db/queries/engine-enrollments";
import type { Batch, Enrollment } from "./batch.js";
import { runEmailStep } from "./email-step.js";
import { runConditionStep, runWaitStep } from "./flow-steps.js";
import { advance, applied, end, type StepOutcome } from "./outcome.js";

/** Ends the enrollment when the lead may no longer be written to, else null. */
async function stopReason(batch: Batch, e: Enrollment, now: Date): Promise<StepOutcome | null> {
  if (e.lead.status === "bounced") return end("bounced", "the lead bounced", now);
  if (e.lead.status === "unsubscribed") return end("unsubscribed", "the lead unsubscribed", now);
  if (await isAddressSuppressed(batch.deps.db, { tenantId: e.tenantId, email: e.lead.email })) {
    return end("finished", "address suppressed", now);
  }
  if (batch.campaign.stopOnReply) {
    const events = await enrollmentEventTypes(batch.deps.db, { tenantId: e.tenantId, campaignLeadId: e.id });
    if (events.has("replied")) return end("replied", "the lead replied", now);
  }
  return null;
}

async function runStep(batch: Batch, e: Enrollment, now: Date): Promise<StepOutcome> {
  const step = batch.campaign.steps.find((s) => s.stepOrder === e.currentStepOrder);
  if (!step) return end("finished", "sequence completed", now);
  const stop = await stopReason(batch, e, now);
  if (stop) return stop;
  if (!step.isActive) return advance(e, now, now);
  switch (step.stepType) {
    case "email":
      return runEmailStep(batch, e, step, now);
    case "wait":
      return runWaitStep(batch, e, step, now);
    case "condition":
      return runConditionStep(batch, e, step, now);
    default:
      return end("failed", `step ${step.stepOrder} has an unknown type`, now);
  }
}

/**
 * Walks one leased enrollment through every step that is due now (a wait or a closed window
 * stops it), writing each step's effect while the lease is still ours. Returns whether the
 * enrollment ended, so the campaign can be checked for completion.
 */
export async function runEnrollment(batch: Batch, enrollment: Enrollment): Promise<"ended" | "waiting" | "lost"> {
  let e = enrollment;
  const limit = batch.campaign.steps.length + 2;
  for (let i = 0; i < limit; i++) {
    const now = batch.deps.clock.now();
    const outcome = await runStep(batch, e, now);
    const more = outcome.continue && i + 1 < limit;
    const held = await changeLeasedEnrollment(batch.deps.db, {
      tenantId: e.tenantId,
      id: e.id,
      token: batch.token,
      now,
      change: outcome.change,
      keepLease: more,
    });
    if (!held) return "lost";
    if (outcome.change.status && outcome.change.status !== "active") return "ended";
    if (!more) return "waiting";
    e = applied(e, outcome.change);
  }
  return "waiting";
}
