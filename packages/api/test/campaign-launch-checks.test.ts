import { describe, expect, it } from "vitest";
import { launchBlockers, type StepLaunchFacts } from "../src/services/campaigns/launch-checks.js";

const now = new Date("2026-05-10T12:00:00Z");
const base: StepLaunchFacts = {
  stepOrder: 1,
  stepType: "email",
  isActive: true,
  templateId: "t",
  templateFound: true,
  emailAccountId: "m",
  mailboxEmail: "box@example.test",
  mailboxStatus: "active",
  domainName: "example.test",
  domainStatus: "verified",
  waitDurationHours: null,
  waitUntilDate: null,
  conditionType: null,
  conditionValue: null,
  sendCondition: null,
};
const step = (overrides: Partial<StepLaunchFacts>): StepLaunchFacts => ({ ...base, ...overrides });

describe("launch checks", () => {
  it("passes a valid sequence", () => {
    expect(
      launchBlockers(
        [
          step({}),
          step({ stepOrder: 2, stepType: "wait", waitDurationHours: 24 }),
          step({ stepOrder: 3, stepType: "condition", conditionType: "not_replied", conditionValue: "72" }),
          step({ stepOrder: 4, sendCondition: "not replied and lead.status != 'bounced'" }),
        ],
        now,
      ),
    ).toEqual([]);
  });

  it("needs an active email step, and skips inactive steps", () => {
    expect(launchBlockers([], now)).toEqual(["the campaign has no active email step"]);
    expect(launchBlockers([step({ isActive: false, templateId: null })], now)).toEqual([
      "the campaign has no active email step",
    ]);
  });

  it("lets a resuming campaign pass a wait-until date its leads may already be past", () => {
    const past = step({ stepOrder: 2, stepType: "wait", waitUntilDate: new Date("2026-05-10T11:00:00Z") });
    expect(launchBlockers([step({}), past], now, { rotationSenders: 0, resuming: true })).toEqual([]);
  });

  it("refuses a wait until a past date, and a wait with neither field", () => {
    expect(
      launchBlockers(
        [
          step({}),
          step({ stepOrder: 2, stepType: "wait", waitUntilDate: new Date("2026-05-10T11:00:00Z") }),
          step({ stepOrder: 3, stepType: "wait" }),
        ],
        now,
      ),
    ).toEqual([
      "step 2 (wait) waits until 2026-05-10T11:00:00.000Z, which is not in the future",
      "step 3 (wait) needs exactly one of wait_duration_hours or wait_until_date",
    ]);
  });

  it("names missing templates, and a step without a mailbox when the company has none to rotate", () => {
    expect(launchBlockers([step({ templateFound: false, emailAccountId: null })], now)).toEqual([
      "step 1 (email) uses a template that no longer exists",
      "step 1 (email) has no mailbox, and the campaign's company has no active mailbox on a verified domain to rotate",
    ]);
  });

  it("lets a step without a mailbox rotate over the company's sending mailboxes", () => {
    expect(launchBlockers([step({ emailAccountId: null })], now, { rotationSenders: 2 })).toEqual([]);
  });

  it.each(["0", "721", "1.5", "-3", "twelve", ""])("refuses condition_value %j", (conditionValue) => {
    const blockers = launchBlockers(
      [step({}), step({ stepOrder: 2, stepType: "condition", conditionType: "opened", conditionValue })],
      now,
    );
    expect(blockers).toHaveLength(1);
    expect(blockers[0]).toContain("condition_value");
  });
});
