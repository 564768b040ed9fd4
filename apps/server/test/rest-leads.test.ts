import { randomUUID } from "node:crypto";
import { createTestTenant, type TestTenant, useTestDatabase } from "@outbound/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectContractError,
  ISO_DATE,
  type RestClient,
  type RestServer,
  restClient,
  startRestServer,
} from "./rest-fixture.js";

const database = useTestDatabase();
let server: RestServer;
let tenant: TestTenant;
let api: RestClient;

beforeAll(async () => {
  server = await startRestServer(database.db);
  tenant = await createTestTenant(database.db, { plan: "scale" });
  api = restClient(server.base, tenant.apiKey);
});
afterAll(() => server.close());

const email = () => `lead-${randomUUID().slice(0, 8)}@example.test`;

describe("REST leads", () => {
  it("creates, reads, lists, updates and deletes a lead with ISO dates", async () => {
    const address = email();
    const created = await api.post("/leads", { email: address, name: "Ada", company: "Analytical" });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ email: address, name: "Ada", company: "Analytical", status: "new" });
    expect(created.body.created).toMatch(ISO_DATE);
    expect(created.body.updated).toMatch(ISO_DATE);

    const got = await api.get(`/leads/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);

    const listed = await api.get(`/leads?limit=1&search=${encodeURIComponent(address)}`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: [created.body], nextCursor: null });

    const updated = await api.patch(`/leads/${created.body.id}`, {
      status: "contacted",
      expectedUpdated: created.body.updated,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, status: "contacted" });

    const stale = await api.patch(`/leads/${created.body.id}`, { name: "B", expectedUpdated: created.body.updated });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("CONFLICT");

    const deleted = await api.delete(`/leads/${created.body.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: created.body.id });
    expect((await api.get(`/leads/${created.body.id}`)).status).toBe(404);
  });

  it("pages with cursor and limit as the procedure does", async () => {
    const other = await createTestTenant(database.db, { plan: "scale" });
    const own = restClient(server.base, other.apiKey);
    for (let i = 0; i < 3; i++) await own.post("/leads", { email: email() });
    const first = await own.get("/leads?limit=2");
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await own.get(`/leads?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ nextCursor: null });
    expect(second.body.items).toHaveLength(1);
  });

  it("imports rows and reports the invalid ones", async () => {
    const answer = await api.post("/leads/import", {
      rows: [{ email: email(), name: "One" }, { email: "not-an-email" }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ inserted: 1, updated: 0, skipped: 0, invalid: [{ index: 1 }] });
  });

  it("answers bad input with 400 BAD_REQUEST and field errors", async () => {
    const bad = await api.post("/leads", { email: "nope", surprise: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("BAD_REQUEST");
    expect(Object.keys(bad.body.error.fieldErrors)).toEqual(expect.arrayContaining(["email"]));

    const badLimit = await api.get("/leads?limit=1000");
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.fieldErrors).toHaveProperty("limit");

    const badId = await api.get("/leads/not-a-uuid");
    expect(badId.status).toBe(400);
    expect(badId.body.error.fieldErrors).toHaveProperty("id");

    const notJson = await fetch(`${server.base}/v1/leads`, {
      method: "POST",
      headers: { authorization: `Bearer ${tenant.apiKey}`, "content-type": "application/json" },
      body: "{nope",
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
  });

  it("answers another tenant's lead with 404 NOT_FOUND, on read and write", async () => {
    const other = await createTestTenant(database.db, { plan: "scale" });
    const theirs = await restClient(server.base, other.apiKey).post("/leads", { email: email() });
    expect((await api.get(`/leads/${theirs.body.id}`)).body.error.code).toBe("NOT_FOUND");
    expect((await api.patch(`/leads/${theirs.body.id}`, { name: "x" })).status).toBe(404);
    expect((await api.delete(`/leads/${theirs.body.id}`)).status).toBe(404);
  });

  it("refuses a write with a read-only key (403) and any call without a key (401)", async () => {
    const readOnly = restClient(server.base, await tenant.newApiKey("read"));
    expect((await readOnly.get("/leads")).status).toBe(200);
    const refused = await readOnly.post("/leads", { email: email() });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("FORBIDDEN");

    const anonymous = await restClient(server.base, null).get("/leads");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("UNAUTHORIZED");
    const wrongKey = await restClient(server.base, "ob_live_not-a-key").get("/leads");
    expect(wrongKey.status).toBe(401);
  });

  it("copies the rate-limit headers and keeps the API key out of the log", async () => {
    const answer = await api.get("/leads?limit=1");
    expect(answer.headers.get("RateLimit-Limit")).toBe("3000");
    expect(Number(answer.headers.get("RateLimit-Remaining"))).toBeGreaterThan(0);
    expect(server.lines.join("\n")).not.toContain(tenant.apiKey);
  });

  it("honours the Idempotency-Key header on creates, as /trpc does", async () => {
    const key = `rest-${randomUUID()}`;
    const body = JSON.stringify({ email: email() });
    const create = () =>
      fetch(`${server.base}/v1/leads`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${tenant.apiKey}`,
          "content-type": "application/json",
          "idempotency-key": key,
        },
        body,
      }).then((r) => r.json() as Promise<{ id: string; email: string }>);
    const first = await create();
    const again = await create();
    expect(again).toEqual(first);
  });

  it("answers odd requests with a 4xx in the contract's shape, never a 500", async () => {
    const odd: Array<[string, RequestInit]> = [
      ["/v1/leads?limit=abc", {}],
      ["/v1/leads?limit=1&limit=2", {}],
      ["/v1/leads?search=%00", {}],
      ["/v1/leads?surprise=1", {}],
      ["/v1/leads", { method: "POST", headers: { "content-type": "application/json" }, body: "[]" }],
      ["/v1/leads", { method: "POST", headers: { "content-type": "application/json" }, body: "null" }],
      ["/v1/leads", { method: "POST", headers: { "content-type": "text/plain" }, body: "email=x" }],
      ["/v1/leads/import", { method: "POST", headers: { "content-type": "application/json" }, body: '{"rows":"x"}' }],
      ["/v1/leads/00000000-0000-0000-0000-000000000000", { method: "PATCH", body: "{}" }],
      ["/v1/leads", { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" }],
    ];
    for (const [path, init] of odd) {
      const response = await fetch(`${server.base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${tenant.apiKey}`, ...(init.headers as Record<string, string>) },
      });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expectContractError(await response.json(), response.status);
    }
  });

  it("answers an unknown /v1 route with 404 in the contract's shape", async () => {
    const answer = await api.get("/nothing-here");
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe("NOT_FOUND");
  });
});
