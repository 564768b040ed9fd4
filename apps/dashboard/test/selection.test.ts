import { describe, expect, it } from "vitest";
import { pageSelection, toggleOne, togglePage } from "../src/lib/selection.js";

describe("lead selection", () => {
  it("toggles one id without touching the set it was given", () => {
    const before = new Set(["a"]);
    const after = toggleOne(before, "b");
    expect([...after].sort()).toEqual(["a", "b"]);
    expect([...before]).toEqual(["a"]);
    expect([...toggleOne(after, "a")]).toEqual(["b"]);
  });

  it("selects a whole page, keeping what was selected on other pages, and clears it when all were selected", () => {
    const otherPage = new Set(["x"]);
    const all = togglePage(otherPage, ["a", "b"]);
    expect([...all].sort()).toEqual(["a", "b", "x"]);
    expect([...togglePage(all, ["a", "b"])]).toEqual(["x"]);
    // Partly selected: the header box selects the rest.
    expect([...togglePage(new Set(["a"]), ["a", "b"])].sort()).toEqual(["a", "b"]);
  });

  it("says whether a page is wholly, partly or not selected", () => {
    expect(pageSelection(new Set(["a", "b"]), ["a", "b"])).toBe("all");
    expect(pageSelection(new Set(["a"]), ["a", "b"])).toBe("some");
    expect(pageSelection(new Set(["x"]), ["a", "b"])).toBe("none");
    expect(pageSelection(new Set(), [])).toBe("none");
    expect([...togglePage(new Set(["x"]), [])]).toEqual(["x"]);
  });
});
