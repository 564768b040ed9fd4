import { createTestTenant, type TestTenant, useTestDatabase } from "@outbound/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  createOutboundClient,
  NotFoundError,
  OutboundError,
  PermissionError,
  QuotaExceededError,
  TRPCClientError,
  ValidationError,
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

async function rejectionOf(promise: Promise<unknown>): Promise<OutboundError> {
  const error = await promise.then(
    () => expect.unreachable("the call should have failed"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundError);
  // Code written against plain tRPC keeps working: every error is still a TRPCClientError.
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as OutboundError;
}

/** The `X-Request-Id` the server sent with the last response. */
function lastRequestId(): string | undefined {
  return server.requests.at(-1)?.requestId;
}

describe("errors from the server", () => {
  const client = () => createOutboundClient({ baseUrl: server.baseUrl, apiKey: tenant.apiKey, maxRetries: 0 });

  it("NotFoundError for a missing lead, with the code, status, path and request id", async () => {
    const error = await rejectionOf(client().leads.get.query({ id: "0190a4b2-0000-7000-8000-000000000000" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ name: "NotFoundError", code: "NOT_FOUND", httpStatus: 404, path: "leads.get" });
    expect(error.message).toMatch(/not found/i);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.requestId).toBe(lastRequestId());
    expect(error.data?.requestId).toBe(error.requestId);
    // The original tRPC error is kept as the cause.
    expect(error.cause).toBeInstanceOf(TRPCClientError);
    expect(error.cause).not.toBeInstanceOf(OutboundError);
  });

  it("ValidationError with the failing fields", async () => {
    const error = await rejectionOf(client().leads.create.mutate({ email: "not-an-email" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    expect((error as ValidationError).fieldErrors).toHaveProperty("email");
  });

  it("AuthenticationError for an unknown API key", async () => {
    const stranger = createOutboundClient({ baseUrl: server.baseUrl, apiKey: "ob_live_not-a-real-key" });
    const error = await rejectionOf(stranger.leads.list.query());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
  });

  it("PermissionError when a read-only key tries to write", async () => {
    const readKey = await tenant.newApiKey("read");
    const reader = createOutboundClient({ baseUrl: server.baseUrl, apiKey: readKey });
    const error = await rejectionOf(reader.leads.create.mutate({ email: "nope@example.com" }));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
  });

  it("ConflictError when an idempotency key is reused for another request", async () => {
    await client().leads.create.mutate({ email: "first@example.com", idempotencyKey: "errors-conflict-1" });
    const error = await rejectionOf(
      client().leads.create.mutate({ email: "second@example.com", idempotencyKey: "errors-conflict-1" }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: "CONFLICT", httpStatus: 409 });
  });

  it("QuotaExceededError naming the limit when the plan allows no new leads", async () => {
    // A tenant without a subscription has no contact quota at all.
    const unsubscribed = await createTestTenant(database.db);
    const capped = createOutboundClient({ baseUrl: server.baseUrl, apiKey: unsubscribed.apiKey, maxRetries: 0 });
    const error = await rejectionOf(capped.leads.import.mutate({ rows: [{ email: "quota@example.com" }] }));
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(error).toMatchObject({ code: "PAYMENT_REQUIRED", httpStatus: 402, limit: "max_contacts" });
  });
});

describe("errors from elsewhere on the way", () => {
  const client = () => createOutboundClient({ baseUrl: server.baseUrl, apiKey: tenant.apiKey, maxRetries: 0 });

  it("maps a JSON answer that isn't a tRPC error by its status, keeping its message and request id", async () => {
    const body = JSON.stringify({ error: { code: "PAYLOAD_TOO_LARGE", message: "Body over 8 bytes" } });
    server.failNext({ kind: "status", status: 413, body, headers: { "content-type": "application/json" } });
    const error = await rejectionOf(client().leads.create.mutate({ email: "big@example.com" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413, message: "Body over 8 bytes" });
    expect(error.requestId).toBe(lastRequestId());
  });

  it("ApiError for a proxy's HTML page", async () => {
    server.failNext({ kind: "status", status: 500, body: "<html>Internal error</html>" });
    const error = await rejectionOf(client().leads.list.query());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "INTERNAL_SERVER_ERROR", httpStatus: 500, path: "leads.list" });
    expect(error.message).toContain("<html>Internal error</html>");
    expect(error.requestId).toBe(lastRequestId());
  });

  it("ConnectionError when nothing listens at the address", async () => {
    const closed = await startFaultyServer(database.db);
    await closed.close();
    const offline = createOutboundClient({ baseUrl: closed.baseUrl, apiKey: tenant.apiKey, maxRetries: 0 });
    const error = await rejectionOf(offline.system.info.query());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: "CONNECTION_ERROR", httpStatus: undefined, requestId: undefined });
    expect(error.message).toContain("ECONNREFUSED");
  });
});
