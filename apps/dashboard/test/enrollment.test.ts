import { describe, expect, it } from "vitest";
import { enrollmentSummary } from "../src/lib/enrollment.js";

const none = { alreadyEnrolled: 0, suppressed: 0, unsubscribed: 0, bounced: 0 };

describe("enrollmentSummary", () => {
  it("names only the reasons that skipped someone", () => {
    expect(enrollmentSummary({ added: 3, skipped: none })).toBe("3 enrolled");
    expect(enrollmentSummary({ added: 0, skipped: { ...none, alreadyEnrolled: 1, suppressed: 2 } })).toBe(
      "0 enrolled; skipped 1 already enrolled, 2 suppressed",
    );
  });

  it("counts ids that are not the tenant's leads, and says when a filter matched more than one call takes", () => {
    expect(enrollmentSummary({ added: 10_000, skipped: { ...none, bounced: 1 }, notFound: 2, truncated: true })).toBe(
      "10000 enrolled; skipped 1 bounced, 2 not found; more leads match: enroll again for the rest",
    );
  });
});
