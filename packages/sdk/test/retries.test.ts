import { createTestTenant, type TestTenant, useTestDatabase } from "@outbound/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ApiError,
  ConnectionError,
  createOutboundClient,
  type OutboundClientOptions,
  OutboundError,
  RateLimitError,
  TimeoutError,
} from "../src/index.js";
import { type FaultyServer, startFaultyServer } from "./support/faulty-server.js";

const database = useTestDatabase();
let server: FaultyServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startFaultyServer(database.db);
  tenant = await createTestTenant(database.db, { plan: "scale" });
});

beforeEach(() => server.reset());

afterAll(async () => {
  await server?.close();
});

const client = (options: Partial<OutboundClientOptions> = {}) =>
  createOutboundClient({ baseUrl: server.baseUrl, apiKey: tenant.apiKey, ...options });

async function rejectionOf(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => expect.unreachable("the call should have failed"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

async function leadsWithEmail(email: string) {
  return database.db.query.leads.findMany({
    where: (leads, { and, eq }) => and(eq(leads.tenantId, tenant.tenantId), eq(leads.email, email)),
  });
}

const unavailable = { kind: "status", status: 503, body: "<html>503 Service Unavailable</html>" } as const;

describe("retries of queries", () => {
  it("answers a query after two 503s from a proxy", async () => {
    server.failNext(unavailable, unavailable);
    const info = await client().system.info.query();
    expect(info.apiVersion).toBe(1);
    expect(server.requests.map((r) => r.fault)).toEqual(["status", "status", "none"]);
  });

  it("answers a query whose connection was dropped", async () => {
    server.failNext({ kind: "drop" });
    const page = await client().leads.list.query({ limit: 1 });
    expect(page.items).toBeInstanceOf(Array);
    expect(server.requests.map((r) => r.fault)).toEqual(["drop", "none"]);
  });

  it("waits out a 429's Retry-After, then answers", async () => {
    server.failNext({ kind: "status", status: 429, headers: { "retry-after": "1" }, body: "slow down" });
    const info = await client().system.info.query();
    expect(info.name).toBe("outbound");
    expect(server.requests.map((r) => r.fault)).toEqual(["status", "none"]);
  });

  it("retries 502 and 504 too, but not other server errors", async () => {
    server.failNext({ kind: "status", status: 502 }, { kind: "status", status: 504 });
    await client().system.info.query();
    expect(server.requests).toHaveLength(3);

    server.reset();
    server.failNext({ kind: "status", status: 500 });
    const error = await rejectionOf(client().system.info.query());
    expect(error).toBeInstanceOf(ApiError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("retries of mutations", () => {
  it("creates one lead when the response to a create is lost, reusing its idempotency key", async () => {
    server.failNext({ kind: "dropResponse" });
    const email = "lost-response@example.com";
    const lead = await client().leads.create.mutate({ email, name: "Lost Response" });

    expect(server.requests.map((r) => r.fault)).toEqual(["dropResponse", "none"]);
    const [first, second] = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBe(first);
    expect(server.requests.map((r) => JSON.parse(r.body).json.idempotencyKey)).toEqual([first, first]);

    const stored = await leadsWithEmail(email);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(lead.id);
  });

  it("keeps the caller's own idempotency key on every attempt", async () => {
    server.failNext(unavailable);
    await client().leads.create.mutate({ email: "own-key@example.com", idempotencyKey: "crm-sync-42" });
    expect(server.requests.map((r) => r.headers["idempotency-key"])).toEqual(["crm-sync-42", "crm-sync-42"]);
  });

  it("does not retry a mutation that takes no idempotency key", async () => {
    const lead = await client().leads.create.mutate({ email: "no-retry@example.com" });
    server.reset();
    server.failNext({ kind: "dropResponse" });
    const error = await rejectionOf(client().leads.setStatus.mutate({ id: lead.id, status: "contacted" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers["idempotency-key"]).toBeUndefined();
    // The server did apply it: a blind retry of a non-idempotent call could have applied it twice.
    const [stored] = await leadsWithEmail("no-retry@example.com");
    expect(stored?.status).toBe("contacted");

    server.reset();
    server.failNext(unavailable);
    await rejectionOf(client().leads.setStatus.mutate({ id: lead.id, status: "replied" }));
    expect(server.requests).toHaveLength(1);
  });
});

describe("limits", () => {
  it("gives up after maxRetries retries with the last error", async () => {
    server.failNext(unavailable, unavailable, unavailable, unavailable);
    const error = await rejectionOf(client({ maxRetries: 1 }).system.info.query());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503 });
    expect(server.requests).toHaveLength(2);
  });

  it("makes one attempt with maxRetries 0, set per client or per call", async () => {
    server.failNext(unavailable, unavailable);
    await rejectionOf(client({ maxRetries: 0 }).system.info.query());
    expect(server.requests).toHaveLength(1);

    server.reset();
    server.failNext(unavailable, unavailable);
    await rejectionOf(client().withOptions({ maxRetries: 0 }).system.info.query());
    expect(server.requests).toHaveLength(1);
  });

  it("reports a rate limit with its Retry-After once retries are used up", async () => {
    server.failNext({ kind: "status", status: 429, headers: { "retry-after": "7" }, body: "slow down" });
    const error = await rejectionOf(client({ maxRetries: 0 }).system.info.query());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429, retryAfter: 7 });
  });

  it("does not wait out a Retry-After longer than a minute", async () => {
    server.failNext({ kind: "status", status: 429, headers: { "retry-after": "3600" }, body: "come back later" });
    const error = await rejectionOf(client().system.info.query());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("timeouts", () => {
  it("raises TimeoutError when no answer comes within timeoutMs", async () => {
    server.failNext({ kind: "delay", ms: 30_000 });
    const error = await rejectionOf(client({ timeoutMs: 200, maxRetries: 0 }).system.info.query());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "TIMEOUT", timeoutMs: 200, path: "system.info" });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a timed-out query, with the per-call timeout", async () => {
    server.failNext({ kind: "delay", ms: 30_000 });
    // Long enough for the second, prompt answer even on a busy machine.
    const info = await client().withOptions({ timeoutMs: 1_500 }).system.info.query();
    expect(info.apiVersion).toBe(1);
    expect(server.requests.map((r) => r.fault)).toEqual(["delay", "none"]);
  });

  it("times out calls that share a batched request", async () => {
    server.failNext({ kind: "delay", ms: 30_000 });
    const slow = client({ timeoutMs: 200, maxRetries: 0 });
    const results = await Promise.allSettled([slow.system.info.query(), slow.leads.list.query({ limit: 1 })]);
    expect(results.map((r) => (r.status === "rejected" ? (r.reason as Error).name : r.status))).toEqual([
      "TimeoutError",
      "TimeoutError",
    ]);
  });

  it("stops at once, without retrying, when the caller aborts", async () => {
    server.failNext({ kind: "delay", ms: 30_000 });
    const controller = new AbortController();
    const call = client().system.info.query(undefined, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    const error = await rejectionOf(call);
    expect(error.code).toBe("CLIENT_CLOSED_REQUEST");
    expect(server.requests).toHaveLength(1);
  });
});
