import type { EnrollmentChange } from "@outbound/db/queries/engine-enrollments";
import type { Enrollment } from "./batch.js";

/** What one step did to the enrollment; `continue` runs the next step at once (it is due now). */
export interface StepOutcome {
  change: EnrollmentChange;
  continue: boolean;
}

export const advance = (e: Enrollment, at: Date, now: Date, extra: EnrollmentChange = {}): StepOutcome => ({
  change: { currentStepOrder: e.currentStepOrder + 1, nextActionAt: at, lastError: null, ...extra },
  continue: at.getTime() <= now.getTime(),
});

export const waitUntil = (at: Date, lastError: string | null = null): StepOutcome => ({
  change: { nextActionAt: at, lastError },
  continue: false,
});

export const end = (status: string, reason: string, now: Date): StepOutcome => ({
  change: { status, finishedReason: reason, finished: now, nextActionAt: null, lastError: null },
  continue: false,
});

/** Applies a change to the in-memory enrollment, so the next step sees it. */
export function applied(e: Enrollment, change: EnrollmentChange): Enrollment {
  return {
    ...e,
    currentStepOrder: change.currentStepOrder ?? e.currentStepOrder,
    nextActionAt: change.nextActionAt ?? e.nextActionAt,
    emailAccountId: change.emailAccountId !== undefined ? change.emailAccountId : e.emailAccountId,
    threadMessageId: change.threadMessageId !== undefined ? change.threadMessageId : e.threadMessageId,
    lastEmailAt: change.lastEmailAt !== undefined ? change.lastEmailAt : e.lastEmailAt,
  };
}
