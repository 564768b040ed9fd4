import { describe, expect, it } from "vitest";
import {
  allowedFrom,
  CAMPAIGN_ACTIONS,
  CAMPAIGN_STATUSES,
  type CampaignAction,
  type CampaignStatus,
  nextStatus,
} from "../src/domain/campaign-status.js";

const legal: [CampaignStatus, CampaignAction, CampaignStatus][] = [
  ["draft", "schedule", "scheduled"],
  ["draft", "launch", "active"],
  ["scheduled", "launch", "active"],
  ["active", "pause", "paused"],
  ["paused", "resume", "active"],
  ["active", "complete", "completed"],
  ["paused", "complete", "completed"],
  ["draft", "cancel", "cancelled"],
  ["scheduled", "cancel", "cancelled"],
  ["active", "cancel", "cancelled"],
  ["paused", "cancel", "cancelled"],
];

describe("campaign state machine", () => {
  it.each(legal)("%s --%s--> %s", (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it("refuses every other move", () => {
    for (const from of CAMPAIGN_STATUSES) {
      for (const action of CAMPAIGN_ACTIONS) {
        if (legal.some(([f, a]) => f === from && a === action)) continue;
        expect({ from, action, to: nextStatus(from, action) }).toEqual({ from, action, to: null });
      }
    }
  });

  it("treats completed and cancelled as final", () => {
    for (const action of CAMPAIGN_ACTIONS) {
      expect(nextStatus("completed", action)).toBeNull();
      expect(nextStatus("cancelled", action)).toBeNull();
    }
  });

  it("refuses moves from a status it doesn't know", () => {
    expect(nextStatus("archived", "launch")).toBeNull();
  });

  it("says which statuses an action is legal from", () => {
    expect(allowedFrom("resume")).toEqual(["paused"]);
    expect(allowedFrom("launch")).toEqual(["draft", "scheduled"]);
  });
});
