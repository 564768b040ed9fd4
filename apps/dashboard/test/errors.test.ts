import { describe, expect, it } from "vitest";
import { describeError, limitLabel, quotaSentence, unplacedFieldErrors } from "../src/lib/errors.js";

/** Shaped like a TRPCClientError: `message` plus the `data` of packages/api's error formatter. */
const trpcError = (message: string, data: Record<string, unknown>) => Object.assign(new Error(message), { data });

describe("describeError", () => {
  it("keeps zod field errors by dotted path", () => {
    const view = describeError(
      trpcError("Invalid input", {
        code: "BAD_REQUEST",
        httpStatus: 400,
        fieldErrors: { email: ["must be a valid email address"], "smtp.port": ["must be 1..65535"] },
      }),
    );
    expect(view.code).toBe("BAD_REQUEST");
    expect(view.fieldErrors).toEqual({ email: ["must be a valid email address"], "smtp.port": ["must be 1..65535"] });
    expect(view.quota).toBeNull();
  });

  it("replaces the issues-as-JSON message of a zod failure with a sentence", () => {
    const view = describeError(
      trpcError('[ { "code": "invalid_format", "path": ["email"] } ]', {
        code: "BAD_REQUEST",
        fieldErrors: { email: ["must be a valid email address"] },
      }),
    );
    expect(view.message).toBe("Some fields need attention.");
  });

  it("names the limit, the allowance and the usage of a quota refusal", () => {
    const view = describeError(
      trpcError("Plan limit reached", {
        code: "PAYMENT_REQUIRED",
        details: { limit: "max_contacts", allowed: 250, used: 250 },
      }),
    );
    expect(view.quota).toBe("Your plan allows 250 contacts; 250 are in use.");
  });

  it("says a feature is missing when the refusal has no numbers", () => {
    expect(describeError(trpcError("x", { code: "PAYMENT_REQUIRED", details: { limit: "api_access" } })).quota).toBe(
      "Your plan does not include api access.",
    );
  });

  it("lists launch blockers from a CONFLICT", () => {
    const view = describeError(
      trpcError("The campaign can't launch, 2 problems", {
        code: "CONFLICT",
        details: { status: "draft", blockers: ["step 1 has no template", "step 1 has no mailbox"] },
      }),
    );
    expect(view.details).toEqual({ status: "draft", blockers: ["step 1 has no template", "step 1 has no mailbox"] });
  });

  it("drops malformed details instead of showing them", () => {
    const view = describeError(trpcError("odd", { code: "CONFLICT", details: { blockers: [1, "real"], used: "3" } }));
    expect(view.details).toEqual({ blockers: ["real"] });
  });

  it("turns a network failure into a readable sentence", () => {
    expect(describeError(new TypeError("Failed to fetch")).message).toBe(
      "Can't reach the server: check your connection.",
    );
    expect(describeError("plain").message).toBe("plain");
  });
});

describe("unplacedFieldErrors", () => {
  it("returns only the messages no field of the form shows", () => {
    const view = describeError(
      trpcError("Invalid input", {
        code: "BAD_REQUEST",
        fieldErrors: { email: ["bad"], "(input)": ["unknown key x"], status: ["no such status"] },
      }),
    );
    expect(unplacedFieldErrors(view, ["email"])).toEqual(["unknown key x", "status: no such status"]);
  });
});

describe("labels", () => {
  it("reads limit names as words", () => {
    expect(limitLabel("max_email_accounts")).toBe("email accounts");
    expect(quotaSentence({ limit: "max_campaigns_per_month", allowed: 2, used: 2 })).toBe(
      "Your plan allows 2 campaigns per month; 2 are in use.",
    );
  });
});
