import { createTestOutbound, type TestOutbound } from "@outbound/testkit";
import { afterEach, expect, test } from "vitest";
import { DAY, HOUR, launchedCampaign } from "./support.js";

let outbound: TestOutbound | undefined;
afterEach(async () => {
  await outbound?.close();
});

test("advanceTime walks through a weekend to the sending window's opening, and each mail carries the time it was due", async () => {
  // Saturday 2026-03-07, 10:00 UTC; the campaign sends Monday to Friday, 09:00–17:00 UTC.
  outbound = await createTestOutbound({ now: new Date("2026-03-07T10:00:00Z") });
  await launchedCampaign(
    outbound,
    [
      { stepType: "email" },
      { stepType: "wait", waitDurationHours: 24 },
      { stepType: "email", subjectOverride: "Again" },
    ],
    { sendingWindow: { timezone: "UTC", days: ["mon", "tue", "wed", "thu", "fri"], start_hour: 9, end_hour: 17 } },
  );
  await outbound.advanceTime(HOUR);
  expect(outbound.outbox()).toHaveLength(0);

  await outbound.advanceTime(2 * DAY); // to Monday 11:00
  const [first] = outbound.outbox();
  expect(first?.sentAt.toISOString()).toBe("2026-03-09T09:00:00.000Z");
  expect(outbound.now().toISOString()).toBe("2026-03-09T11:00:00.000Z");

  await outbound.advanceTime(DAY); // Tuesday 11:00: the wait ended at Tuesday 09:00, inside the window
  const second = outbound.outbox()[1];
  expect(second?.subject).toBe("Again");
  expect(second?.sentAt.toISOString()).toBe("2026-03-10T09:00:00.000Z");
});

test("advanceTime refuses to go backwards", async () => {
  outbound = await createTestOutbound();
  await expect(outbound.advanceTime(-1)).rejects.toThrow(RangeError);
});
