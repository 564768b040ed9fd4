import { AppDeps } from "@outbound/api";
import { createTestTenant, openTestDatabase, type TestTenant, useTestDatabase } from "@outbound/testing";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";

const database = useTestDatabase();
let tenant: TestTenant;
const logLines: string[] = [];
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  tenant = await createTestTenant(database.db, { plan: "scale" });
  const logger = createLogger("info", { write: (line: string) => void logLines.push(line) });
  app = createApp({ deps: new AppDeps(database.db), logger, bodyLimitBytes: 64 * 1024 });
});

const auth = () => ({ authorization: `Bearer ${tenant.apiKey}`, "content-type": "application/json" });

describe("HTTP surface", () => {
  it("answers the probes", async () => {
    const health = await app.request("/healthz");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(200);
  });

  it("reports not ready when the database is gone", async () => {
    const gone = await openTestDatabase();
    await gone.close();
    const broken = createApp({ deps: new AppDeps(gone.db), logger: createLogger("silent") });
    const ready = await broken.request("/readyz");
    expect(ready.status).toBe(503);
  });

  it("serves a tRPC mutation and query with the caller's API key", async () => {
    const created = await app.request("/trpc/leads.create", {
      method: "POST",
      headers: auth(),
      body: JSON.stringify(superjson.serialize({ email: "http@example.com" })),
    });
    expect(created.status).toBe(200);
    const list = await app.request(
      `/trpc/leads.list?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ limit: 10 })))}`,
      { headers: auth() },
    );
    expect(list.status).toBe(200);
    const body = (await list.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    const page = superjson.deserialize<{ items: { email: string; created: Date }[] }>(body.result.data);
    expect(page.items.map((l) => l.email)).toContain("http@example.com");
    expect(page.items[0]?.created).toBeInstanceOf(Date);
  });

  it("gives 401 without a credential and never echoes it", async () => {
    const res = await app.request("/trpc/leads.list", { headers: { authorization: "Bearer ob_live_wrong" } });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).not.toContain("ob_live_wrong");
    expect(text).not.toContain("stack");
  });

  it("answers malformed JSON with 400, not a crash", async () => {
    const res = await app.request("/trpc/leads.create", { method: "POST", headers: auth(), body: "{not json" });
    expect(res.status).toBe(400);
  });

  it("refuses bodies over the limit with 413", async () => {
    const res = await app.request("/trpc/leads.create", {
      method: "POST",
      headers: auth(),
      body: JSON.stringify({ json: { email: "x@example.com", name: "a".repeat(100 * 1024) } }),
    });
    expect(res.status).toBe(413);
  });

  it("answers unknown paths and procedures with 404", async () => {
    expect((await app.request("/nope")).status).toBe(404);
    expect((await app.request("/trpc/leads.nope", { headers: auth() })).status).toBe(404);
  });

  it("logs one JSON line per request with request id, status and latency, and no secrets", async () => {
    logLines.length = 0;
    const res = await app.request("/healthz", { headers: { "x-request-id": "req-abc" } });
    expect(res.headers.get("x-request-id")).toBe("req-abc");
    const entries = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({ requestId: "req-abc", path: "/healthz", status: 200, latencyMs: expect.any(Number) }),
    );
    await app.request("/trpc/leads.list", { headers: auth() });
    expect(logLines.join("\n")).not.toContain(tenant.apiKey);
  });
});
