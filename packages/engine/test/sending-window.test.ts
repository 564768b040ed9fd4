import type { SendingWindow } from "@outbound/db/schema";
import { describe, expect, it } from "vitest";
import { nextRetryAt, RETRY_HORIZON_MS } from "../src/retry.js";
import { isWindowOpen, nextWindowOpening } from "../src/sending-window.js";
import { dailyAllowance } from "../src/warmup.js";

const weekdays: SendingWindow = {
  timezone: "America/New_York",
  days: ["mon", "tue", "wed", "thu", "fri"],
  start_hour: 9,
  end_hour: 17,
};

describe("sending windows", () => {
  it("is open on sending days within [start_hour, end_hour) of the campaign's zone", () => {
    // Wednesday 2026-03-04, 14:00 UTC = 09:00 in New York (EST, UTC-5).
    expect(isWindowOpen(weekdays, new Date("2026-03-04T14:00:00Z"))).toBe(true);
    expect(isWindowOpen(weekdays, new Date("2026-03-04T13:59:59Z"))).toBe(false);
    expect(isWindowOpen(weekdays, new Date("2026-03-04T21:59:59Z"))).toBe(true);
    expect(isWindowOpen(weekdays, new Date("2026-03-04T22:00:00Z"))).toBe(false);
    expect(isWindowOpen(null, new Date("2026-03-07T03:00:00Z"))).toBe(true);
  });

  it("moves Friday evening to Monday's opening", () => {
    expect(nextWindowOpening(weekdays, new Date("2026-03-06T23:30:00Z")).toISOString()).toBe(
      "2026-03-09T13:00:00.000Z",
    );
  });

  it("opens at the same local hour across the spring-forward change", () => {
    // DST starts in New York on Sunday 2026-03-08: Friday opens at 14:00 UTC, Monday at 13:00 UTC.
    expect(nextWindowOpening(weekdays, new Date("2026-03-06T05:00:00Z")).toISOString()).toBe(
      "2026-03-06T14:00:00.000Z",
    );
    expect(nextWindowOpening(weekdays, new Date("2026-03-07T12:00:00Z")).toISOString()).toBe(
      "2026-03-09T13:00:00.000Z",
    );
  });

  it("opens once on a fall-back night, at the first 01:00, and skips a start hour that doesn't exist", () => {
    const night: SendingWindow = { timezone: "Europe/Berlin", days: ["sun"], start_hour: 2, end_hour: 4 };
    // Berlin falls back on 2026-10-25 at 03:00 CEST → 02:00 CET: 02:00 local first happens at 00:00 UTC.
    expect(nextWindowOpening(night, new Date("2026-10-24T20:00:00Z")).toISOString()).toBe("2026-10-25T00:00:00.000Z");
    // Spring forward on 2026-03-29: 02:00 never happens; 03:00 CEST (01:00 UTC) is the first open hour.
    expect(nextWindowOpening(night, new Date("2026-03-28T20:00:00Z")).toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });

  it("keeps zones with half-hour offsets on their own hours", () => {
    const india: SendingWindow = { timezone: "Asia/Kolkata", days: ["mon"], start_hour: 10, end_hour: 11 };
    expect(nextWindowOpening(india, new Date("2026-03-02T00:00:00Z")).toISOString()).toBe("2026-03-02T04:30:00.000Z");
  });
});

describe("warmup ramp and retries", () => {
  const started = new Date("2026-03-01T08:00:00Z");
  it("allows 5 on the first day, 3 more each day, never past the daily cap", () => {
    const on = (days: number) => new Date(started.getTime() + days * 86_400_000 + 60_000);
    expect([0, 1, 2, 10].map((d) => dailyAllowance({ dailyCap: 50, warmupStarted: started }, on(d)))).toEqual([
      5, 8, 11, 35,
    ]);
    expect(dailyAllowance({ dailyCap: 50, warmupStarted: started }, on(30))).toBe(50);
    expect(dailyAllowance({ dailyCap: 20, warmupStarted: null }, on(0))).toBe(20);
  });

  it("backs off 5 min, 15 min, 30 min, … with ±20 % jitter, and gives up 48 h after the first attempt", () => {
    const first = new Date("2026-03-01T00:00:00Z");
    const mid = () => 0.5;
    expect(nextRetryAt({ attempts: 1, firstAttempt: first, now: first, random: mid })?.getTime()).toBe(
      first.getTime() + 5 * 60_000,
    );
    expect(nextRetryAt({ attempts: 3, firstAttempt: first, now: first, random: mid })?.getTime()).toBe(
      first.getTime() + 30 * 60_000,
    );
    const low = nextRetryAt({ attempts: 2, firstAttempt: first, now: first, random: () => 0 })?.getTime();
    expect(low).toBe(first.getTime() + 12 * 60_000);
    const late = new Date(first.getTime() + RETRY_HORIZON_MS - 60_000);
    expect(nextRetryAt({ attempts: 9, firstAttempt: first, now: late, random: mid })).toBeNull();
  });
});
