import { randomUUID } from "node:crypto";
import { createTestTenant, openTestDatabase, type TestTenant, useTestDatabase } from "@outbound/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectContractError, type RestAnswer, type RestServer, startRestServer } from "./rest-fixture.js";

const database = useTestDatabase();
let server: RestServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startRestServer(database.db, {}, { bodyLimitBytes: 4096 });
  tenant = await createTestTenant(database.db, { plan: "scale" });
});
afterAll(() => server.close());

const send = (path: string, init: RequestInit = {}) =>
  fetch(`${server.base}/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${tenant.apiKey}`, ...(init.headers as Record<string, string>) },
  });

describe("the REST adapter", () => {
  it("takes a POST with no body and no content type as an empty JSON object", async () => {
    const company = await send("/companies", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Bodyless", workspaceName: `rest-${randomUUID().slice(0, 8)}` }),
    });
    const draft = await send("/campaigns", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ companyId: ((await company.json()) as { id: string }).id, name: "No body" }),
    });
    const { id } = (await draft.json()) as { id: string };
    const cancelled = await send(`/campaigns/${id}/cancel`, { method: "POST" });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id, status: "cancelled" });

    // An empty object is still checked: no 415 for the missing content type, a field error instead.
    const empty = await send("/leads", { method: "POST" });
    expect(empty.status).toBe(400);
    const body = (await empty.json()) as RestAnswer["body"];
    expectContractError(body, 400);
    expect(body.error.fieldErrors).toHaveProperty("email");
  });

  it("serves the path below /v1 whatever the query holds", async () => {
    const answer = await send(`/leads?search=${encodeURIComponent("/v1/leads")}&limit=1`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ items: [], nextCursor: null });
  });

  it("puts the request id and the rate-limit headers on error answers too", async () => {
    const answer = await send(`/leads/${randomUUID()}`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.headers.get("RateLimit-Limit")).toBe("3000");
    const body = (await answer.json()) as RestAnswer["body"];
    expectContractError(body, 404);
    expect(body.error.requestId).toBe(answer.headers.get("x-request-id"));
  });

  it("refuses a body over the limit with 413 in the contract's shape", async () => {
    const answer = await send("/leads", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "big@example.test", name: "x".repeat(8192) }),
    });
    expect(answer.status).toBe(413);
    const body = (await answer.json()) as RestAnswer["body"];
    expectContractError(body, 413);
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers a failure inside the procedure with a bare 500 and logs it without the key", async () => {
    const broken = await openTestDatabase();
    const own = await createTestTenant(broken.db, { plan: "scale" });
    const failing = await startRestServer(broken.db);
    await broken.close();
    try {
      const answer = await fetch(`${failing.base}/v1/leads`, { headers: { authorization: `Bearer ${own.apiKey}` } });
      expect(answer.status).toBe(500);
      const body = (await answer.json()) as RestAnswer["body"];
      expectContractError(body, 500);
      const logged = failing.lines.map((line) => JSON.parse(line)).find((line) => line.msg === "procedure failed");
      expect(logged).toMatchObject({ requestId: body.error.requestId });
      expect(failing.lines.join("\n")).not.toContain(own.apiKey);
    } finally {
      await failing.close();
    }
  });
});
