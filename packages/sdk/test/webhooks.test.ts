import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyWebhook, WebhookVerificationError } from "../src/index.js";

const SECRET = "whsec_test_secret_0123456789";
const body = JSON.stringify({
  id: "evt_1",
  type: "lead.replied",
  created: "2026-12-03T10:00:00.000Z",
  data: { leadId: "l" },
});
const t = 1_796_000_000;
/** Signed independently of the SDK: HMAC-SHA256 of "<t>.<body>". */
const sign = (secret: string, at = t, payload = body) =>
  createHmac("sha256", secret).update(`${at}.${payload}`).digest("hex");
const now = t * 1000;

async function failure(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return "accepted";
}

describe("verifyWebhook", () => {
  it("accepts the signed body and returns the event", async () => {
    const event = await verifyWebhook(body, `t=${t},v1=${sign(SECRET)}`, SECRET, { now });
    expect(event).toEqual({
      id: "evt_1",
      type: "lead.replied",
      created: "2026-12-03T10:00:00.000Z",
      data: { leadId: "l" },
    });
    const fromBytes = await verifyWebhook(new TextEncoder().encode(body), `t=${t},v1=${sign(SECRET)}`, SECRET, { now });
    expect(fromBytes.id).toBe("evt_1");
  });

  it("refuses an altered body, another secret and a malformed header", async () => {
    expect(await failure(() => verifyWebhook(`${body} `, `t=${t},v1=${sign(SECRET)}`, SECRET, { now }))).toBe(
      "no_matching_signature",
    );
    expect(await failure(() => verifyWebhook(body, `t=${t},v1=${sign("another secret")}`, SECRET, { now }))).toBe(
      "no_matching_signature",
    );
    // The timestamp is signed too: moving it breaks the signature.
    expect(await failure(() => verifyWebhook(body, `t=${t + 1},v1=${sign(SECRET)}`, SECRET, { now }))).toBe(
      "no_matching_signature",
    );
    for (const header of [null, "", "v1=abc", `t=${t}`, `t=x,v1=${sign(SECRET)}`, `t=${t},v1=${sign(SECRET)}==`]) {
      expect(await failure(() => verifyWebhook(body, header, SECRET, { now }))).toBe("malformed_header");
    }
  });

  it("refuses a replay older (or newer) than the tolerance, 300 s by default", async () => {
    const old = t - 301;
    expect(await failure(() => verifyWebhook(body, `t=${old},v1=${sign(SECRET, old)}`, SECRET, { now }))).toBe(
      "timestamp_out_of_tolerance",
    );
    const future = t + 301;
    expect(await failure(() => verifyWebhook(body, `t=${future},v1=${sign(SECRET, future)}`, SECRET, { now }))).toBe(
      "timestamp_out_of_tolerance",
    );
    expect(
      await failure(() =>
        verifyWebhook(body, `t=${old},v1=${sign(SECRET, old)}`, SECRET, { now, toleranceSeconds: 600 }),
      ),
    ).toBe("accepted");
  });

  it("accepts any v1 while a rotated secret is still valid, and any of several secrets given", async () => {
    const header = `t=${t},v1=${sign("new secret")},v1=${sign("old secret")}`;
    expect(await failure(() => verifyWebhook(body, header, "old secret", { now }))).toBe("accepted");
    expect(await failure(() => verifyWebhook(body, header, "new secret", { now }))).toBe("accepted");
    expect(
      await failure(() =>
        verifyWebhook(body, `t=${t},v1=${sign("old secret")}`, ["new secret", "old secret"], { now }),
      ),
    ).toBe("accepted");
  });
});
