import { parseSendCondition } from "../../domain/send-condition.js";

/**
 * Condition steps let a lead continue only when, within `condition_value` hours of the
 * previous email step, it did (`opened`, `clicked`, `replied`) or did not (`not_…`) react.
 * `condition_value` is that window: a whole number of hours from 1 to 720 (30 days).
 */
export const CONDITION_TYPES = ["opened", "clicked", "replied", "not_opened", "not_clicked", "not_replied"] as const;
export const MAX_CONDITION_WINDOW_HOURS = 720;

/** What the checks read of one step, joined with its template, mailbox and the mailbox's domain. */
export interface StepLaunchFacts {
  stepOrder: number;
  stepType: string;
  isActive: boolean;
  templateId: string | null;
  templateFound: boolean;
  emailAccountId: string | null;
  mailboxEmail: string | null;
  mailboxStatus: string | null;
  domainName: string | null;
  domainStatus: string | null;
  waitDurationHours: number | null;
  waitUntilDate: Date | null;
  conditionType: string | null;
  conditionValue: string | null;
  sendCondition: string | null;
}

/** What the checks know of the campaign beyond its steps. */
export interface CampaignLaunchFacts {
  /** Active mailboxes on verified domains of the campaign's company: senders for steps without a mailbox. */
  rotationSenders: number;
  /**
   * A paused campaign resuming: leads may already be past a wait-until date, which the engine
   * then passes at once, so a date in the past is no problem here.
   */
  resuming?: boolean;
}

function emailStepProblems(step: StepLaunchFacts, campaign: CampaignLaunchFacts): string[] {
  const problems: string[] = [];
  if (!step.templateId) problems.push("has no template");
  else if (!step.templateFound) problems.push("uses a template that no longer exists");
  if (!step.emailAccountId) {
    if (campaign.rotationSenders === 0) {
      problems.push("has no mailbox, and the campaign's company has no active mailbox on a verified domain to rotate");
    }
  } else if (step.mailboxStatus === null) problems.push("uses a mailbox that no longer exists");
  else {
    if (step.mailboxStatus !== "active") {
      problems.push(`uses mailbox ${step.mailboxEmail} which is ${step.mailboxStatus}, not active`);
    }
    if (step.domainStatus !== "verified") {
      problems.push(`uses mailbox ${step.mailboxEmail} whose domain ${step.domainName} is not verified`);
    }
  }
  return problems;
}

function waitStepProblems(step: StepLaunchFacts, now: Date, resuming: boolean): string[] {
  const hasDuration = step.waitDurationHours !== null;
  const hasDate = step.waitUntilDate !== null;
  if (hasDuration === hasDate) return ["needs exactly one of wait_duration_hours or wait_until_date"];
  if (step.waitDurationHours !== null && step.waitDurationHours < 1) return ["waits less than one hour"];
  if (!resuming && step.waitUntilDate !== null && step.waitUntilDate.getTime() <= now.getTime()) {
    return [`waits until ${step.waitUntilDate.toISOString()}, which is not in the future`];
  }
  return [];
}

function conditionStepProblems(step: StepLaunchFacts): string[] {
  const problems: string[] = [];
  if (!step.conditionType || !(CONDITION_TYPES as readonly string[]).includes(step.conditionType)) {
    problems.push(
      `has condition_type ${step.conditionType ?? "(none)"}, expected one of ${CONDITION_TYPES.join(", ")}`,
    );
  }
  const value = step.conditionValue ?? "";
  const hours = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(hours >= 1 && hours <= MAX_CONDITION_WINDOW_HOURS)) {
    problems.push(
      `has condition_value ${step.conditionValue ?? "(none)"}, expected a whole number of hours from 1 to ${MAX_CONDITION_WINDOW_HOURS}`,
    );
  }
  return problems;
}

/**
 * Every reason the sequence can't run, one message per problem, in step order. Inactive steps
 * are skipped by the sender and so are not checked; an empty list means the campaign may launch.
 */
export function launchBlockers(
  steps: StepLaunchFacts[],
  now: Date,
  campaign: CampaignLaunchFacts = { rotationSenders: 0 },
): string[] {
  const blockers: string[] = [];
  if (!steps.some((s) => s.isActive && s.stepType === "email")) blockers.push("the campaign has no active email step");
  for (const step of steps) {
    if (!step.isActive) continue;
    let problems: string[];
    if (step.stepType === "email") problems = emailStepProblems(step, campaign);
    else if (step.stepType === "wait") problems = waitStepProblems(step, now, campaign.resuming === true);
    else if (step.stepType === "condition") problems = conditionStepProblems(step);
    else problems = [`has unknown step type ${step.stepType}`];
    if (step.sendCondition !== null) {
      const parsed = parseSendCondition(step.sendCondition);
      if (!parsed.ok) problems.push(`has an invalid send_condition: ${parsed.problem}`);
    }
    for (const problem of problems) blockers.push(`step ${step.stepOrder} (${step.stepType}) ${problem}`);
  }
  return blockers;
}
