import { describe, expect, it } from "vitest";
import { eventNote } from "../src/lib/event-note.js";
import { messageFiltersFrom } from "../src/lib/message-filters.js";
import { isEmptyResult } from "../src/lib/results.js";

describe("messageFiltersFrom", () => {
  it("keeps the filters the messages list takes and drops the rest", () => {
    expect(messageFiltersFrom({ campaignId: "c1", status: "bounced", other: "x" })).toEqual({
      campaignId: "c1",
      emailAccountId: undefined,
      status: "bounced",
    });
  });

  it("drops empty values, non-strings and statuses messages never have", () => {
    expect(messageFiltersFrom({ campaignId: "", emailAccountId: 7, status: "opened" })).toEqual({
      campaignId: undefined,
      emailAccountId: undefined,
      status: undefined,
    });
  });
});

describe("eventNote", () => {
  it("shows the most telling string an event carries", () => {
    expect(eventNote({ url: "https://example.com/a", subject: "Re: hi" })).toBe("https://example.com/a");
    expect(eventNote({ hard: true, response: "550 5.1.1 no such user" })).toBe("550 5.1.1 no such user");
    expect(eventNote({ inboundMessageId: "<x@y>", subject: "Thanks!" })).toBe("re: Thanks!");
  });

  it("is null when there is nothing readable", () => {
    expect(eventNote({ stepOrder: 1 })).toBeNull();
    expect(eventNote({ reason: null, status: "  " })).toBeNull();
  });
});

describe("isEmptyResult", () => {
  it("is true for an empty list or page only", () => {
    expect(isEmptyResult([])).toBe(true);
    expect(isEmptyResult({ items: [], nextCursor: null })).toBe(true);
    expect(isEmptyResult({ items: [1], nextCursor: null })).toBe(false);
    expect(isEmptyResult({ totals: {} })).toBe(false);
    expect(isEmptyResult(null)).toBe(false);
  });
});
