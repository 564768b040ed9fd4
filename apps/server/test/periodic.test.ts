import { describe, expect, it } from "vitest";
import { startPeriodic } from "../src/periodic.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startPeriodic", () => {
  it("repeats after each run ends, never two at once, and goes on after a failure", async () => {
    let active = 0;
    let overlapped = false;
    let runs = 0;
    const errors: unknown[] = [];
    const periodic = startPeriodic(
      async () => {
        runs++;
        active++;
        overlapped ||= active > 1;
        await sleep(15);
        active--;
        if (runs === 2) throw new Error("second run fails");
      },
      { intervalMs: 5, onError: (error) => errors.push(error) },
    );
    // A run asked for meanwhile joins the one in progress instead of starting another.
    await sleep(8);
    await Promise.all([periodic.runOnce(), periodic.runOnce()]);
    await expect.poll(() => runs, { timeout: 5_000 }).toBeGreaterThanOrEqual(4);
    await periodic.stop();
    expect(overlapped).toBe(false);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain("second run fails");
  });

  it("stop() waits for the run in progress and nothing runs after it", async () => {
    let started = 0;
    let finished = 0;
    const periodic = startPeriodic(
      async () => {
        started++;
        await sleep(200);
        finished++;
      },
      { intervalMs: 1, onError: () => {} },
    );
    await expect.poll(() => started, { timeout: 5_000, interval: 5 }).toBeGreaterThanOrEqual(1);
    expect(finished).toBeLessThan(started);
    await periodic.stop();
    expect(finished).toBe(started);
    const after = started;
    await sleep(50);
    expect(started).toBe(after);
  });

  it("with intervalMs null runs only when asked", async () => {
    let runs = 0;
    const periodic = startPeriodic(
      async () => {
        runs++;
      },
      { intervalMs: null, onError: () => {} },
    );
    await sleep(20);
    expect(runs).toBe(0);
    await periodic.runOnce();
    expect(runs).toBe(1);
    await periodic.stop();
  });
});
