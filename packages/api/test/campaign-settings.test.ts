import { createTestTenant, type TestTenant, trpcFailure, useTestDatabase } from "@outbound/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { sendingSetup } from "./campaign-helpers.js";

const database = useTestDatabase();
let tenant: TestTenant;
let campaignId: string;

beforeEach(async () => {
  tenant = await createTestTenant(database.db, { plan: "scale" });
  const { companyId } = await sendingSetup(database.db, tenant.tenantId);
  campaignId = (await tenant.caller.campaigns.create({ companyId, name: "Settings" })).id;
});

const fieldErrors = async (promise: Promise<unknown>) => {
  const failure = await trpcFailure(promise);
  expect(failure.code).toBe("BAD_REQUEST");
  const cause = failure.cause as { issues?: { path: PropertyKey[] }[] } | undefined;
  return (cause?.issues ?? []).map((i) => i.path.join("."));
};

describe("campaign sending settings", () => {
  it("defaults, updates, reads back in get and list, and clears with null", async () => {
    const created = await tenant.caller.campaigns.get({ id: campaignId });
    expect(created).toMatchObject({
      sendingWindow: null,
      dailyLimit: null,
      stopOnReply: true,
      trackOpens: false,
      trackClicks: false,
    });
    const window = { timezone: "europe/berlin", days: ["fri", "mon", "tue"], start_hour: 9, end_hour: 17 } as const;
    const updated = await tenant.caller.campaigns.update({
      id: campaignId,
      sendingWindow: { ...window, days: [...window.days] },
      dailyLimit: 50,
      stopOnReply: false,
      trackOpens: true,
      trackClicks: true,
    });
    const expected = {
      sendingWindow: { timezone: "Europe/Berlin", days: ["mon", "tue", "fri"], start_hour: 9, end_hour: 17 },
      dailyLimit: 50,
      stopOnReply: false,
      trackOpens: true,
      trackClicks: true,
    };
    expect(updated).toMatchObject(expected);
    expect(await tenant.caller.campaigns.get({ id: campaignId })).toMatchObject(expected);
    expect((await tenant.caller.campaigns.list({})).items[0]).toMatchObject(expected);

    const renamed = await tenant.caller.campaigns.update({ id: campaignId, name: "Renamed" });
    expect(renamed).toMatchObject({ ...expected, name: "Renamed" });
    const cleared = await tenant.caller.campaigns.update({ id: campaignId, sendingWindow: null, dailyLimit: null });
    expect(cleared).toMatchObject({ sendingWindow: null, dailyLimit: null, trackOpens: true });
  });

  it("refuses bad windows and limits with field paths", async () => {
    const ok = { timezone: "UTC", days: ["mon" as const], start_hour: 9, end_hour: 17 };
    const update = (patch: Record<string, unknown>) =>
      tenant.caller.campaigns.update({ id: campaignId, ...patch } as Parameters<
        typeof tenant.caller.campaigns.update
      >[0]);
    expect(await fieldErrors(update({ sendingWindow: { ...ok, timezone: "Mars/Olympus" } }))).toEqual([
      "sendingWindow.timezone",
    ]);
    expect(await fieldErrors(update({ sendingWindow: { ...ok, days: [] } }))).toEqual(["sendingWindow.days"]);
    expect(await fieldErrors(update({ sendingWindow: { ...ok, days: ["mon", "mon"] } }))).toEqual([
      "sendingWindow.days",
    ]);
    expect(await fieldErrors(update({ sendingWindow: { ...ok, days: ["funday"] } }))).toEqual(["sendingWindow.days.0"]);
    expect(await fieldErrors(update({ sendingWindow: { ...ok, start_hour: 17, end_hour: 9 } }))).toEqual([
      "sendingWindow.end_hour",
    ]);
    expect(await fieldErrors(update({ sendingWindow: { ...ok, start_hour: 24 } }))).toContain(
      "sendingWindow.start_hour",
    );
    expect(await fieldErrors(update({ sendingWindow: { ...ok, end_hour: 25 } }))).toEqual(["sendingWindow.end_hour"]);
    expect(await fieldErrors(update({ dailyLimit: 0 }))).toEqual(["dailyLimit"]);
    expect(await fieldErrors(update({ dailyLimit: 1.5 }))).toEqual(["dailyLimit"]);
    expect(await fieldErrors(update({ trackOpens: "yes" }))).toEqual(["trackOpens"]);
  });
});
