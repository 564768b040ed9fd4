import { incrementStepExecution } from "@outbound/db/queries/campaign-steps";
import { type EngineStep, enrollmentEventTypes } from "@outbound/db/queries/engine-enrollments";
import type { Batch, Enrollment } from "./batch.js";
import { advance, end, type StepOutcome, waitUntil } from "./outcome.js";

const HOUR_MS = 3_600_000;

/** `wait`: the next step is due `wait_duration_hours` after this one is reached, or at `wait_until_date`. */
export async function runWaitStep(batch: Batch, e: Enrollment, step: EngineStep, now: Date): Promise<StepOutcome> {
  const due = step.waitUntilDate ?? new Date(now.getTime() + (step.waitDurationHours ?? 0) * HOUR_MS);
  await incrementStepExecution(batch.deps.db, { tenantId: e.tenantId, campaignId: e.campaignId, id: step.id, now });
  return advance(e, due.getTime() > now.getTime() ? due : now, now);
}

/**
 * `condition`: within `condition_value` hours of the previous email step, the lead must have
 * done (`opened`, `clicked`, `replied`) or not done (`not_…`) that. The answer is known as soon
 * as the event is there, or once the window has passed; until then the enrollment waits for the
 * window's end (an event recorded meanwhile moves it up).
 */
export async function runConditionStep(batch: Batch, e: Enrollment, step: EngineStep, now: Date): Promise<StepOutcome> {
  const type = step.conditionType ?? "";
  const negated = type.startsWith("not_");
  const event = negated ? type.slice(4) : type;
  const hours = Number(step.conditionValue ?? "0");
  const since = e.lastEmailAt ?? e.nextActionAt;
  const windowEnd = new Date(since.getTime() + hours * HOUR_MS);
  const events = await enrollmentEventTypes(batch.deps.db, { tenantId: e.tenantId, campaignLeadId: e.id, since });
  const happened = events.has(event);
  const windowOver = now.getTime() >= windowEnd.getTime();
  if (!happened && !windowOver) return waitUntil(windowEnd);
  await incrementStepExecution(batch.deps.db, { tenantId: e.tenantId, campaignId: e.campaignId, id: step.id, now });
  if (happened !== negated) return advance(e, now, now);
  return end("finished", `condition not met: ${type} within ${hours} h (step ${step.stepOrder})`, now);
}
