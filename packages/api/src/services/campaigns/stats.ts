import type { Database } from "@outbound/db";
import {
  countEnrollmentsByStatus,
  countEventsByStep,
  countLastErrors,
  countMessagesByStep,
  listStatsSteps,
} from "@outbound/db/queries/campaign-stats";
import { getCampaign } from "@outbound/db/queries/campaigns";
import { notFound } from "../../errors.js";

const MESSAGE_COUNTS = ["sent", "failed", "bounced", "queued"] as const;
const EVENT_COUNTS = ["replied", "opened", "clicked", "unsubscribed"] as const;
const ENROLLMENT_COUNTS = ["active", "paused", "finished", "replied", "bounced", "unsubscribed", "failed"] as const;

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * `sent`, `failed`, `bounced`, `queued` count messages by status (a bounce marks its message
 * `bounced`, so a bounced email is not also `sent`); `replied`, `opened`, `clicked`,
 * `unsubscribed` count distinct messages with such an event. Five grouped queries in all.
 */
export async function getCampaignStats(db: Database, args: { tenantId: string; id: string }) {
  const scope = { tenantId: args.tenantId, campaignId: args.id };
  if (!(await getCampaign(db, args))) throw notFound("Campaign");
  const [steps, byMessage, byEvent, byEnrollment, lastErrors] = await Promise.all([
    listStatsSteps(db, scope),
    countMessagesByStep(db, scope),
    countEventsByStep(db, scope),
    countEnrollmentsByStatus(db, scope),
    countLastErrors(db, { ...scope, limit: 5 }),
  ]);
  const totals = { ...zeros(MESSAGE_COUNTS), ...zeros(EVENT_COUNTS) };
  const perStep = new Map(
    steps.map((s) => [
      s.stepId,
      { ...s, ...zeros(MESSAGE_COUNTS.filter((k) => k !== "queued")), ...zeros(EVENT_COUNTS) },
    ]),
  );
  for (const row of byMessage) {
    const key = MESSAGE_COUNTS.find((k) => k === row.status);
    if (!key) continue;
    totals[key] += row.n;
    const step = perStep.get(row.stepId);
    if (step && key !== "queued") step[key] += row.n;
  }
  for (const row of byEvent) {
    const key = EVENT_COUNTS.find((k) => k === row.type);
    if (!key) continue;
    totals[key] += row.n;
    const step = row.stepId ? perStep.get(row.stepId) : undefined;
    if (step) step[key] += row.n;
  }
  const enrollments = zeros(ENROLLMENT_COUNTS);
  for (const row of byEnrollment) {
    const key = ENROLLMENT_COUNTS.find((k) => k === row.status);
    if (key) enrollments[key] += row.n;
  }
  return { totals, steps: [...perStep.values()], enrollments, lastErrors };
}
