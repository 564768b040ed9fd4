import { createTestTenant, type TestTenant, useTestDatabase } from "@outbound/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError, createOutboundClient, type OutboundClientOptions } from "../src/index.js";
import { type FaultyServer, startFaultyServer } from "./support/faulty-server.js";

// A real HTTP server over a real database: the SDK is judged by what crosses the wire.
const database = useTestDatabase();
let server: FaultyServer;
let baseUrl: string;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startFaultyServer(database.db);
  baseUrl = server.baseUrl;
  tenant = await createTestTenant(database.db, { plan: "scale" });
});

beforeEach(() => server.reset());

afterAll(async () => {
  await server?.close();
});

describe("createOutboundClient over HTTP", () => {
  it("creates leads and lists them back, with timestamps as Dates", async () => {
    const client = createOutboundClient({ baseUrl, apiKey: tenant.apiKey });

    const ada = await client.leads.create.mutate({ email: "Ada@Example.com", name: "Ada Lovelace" });
    const alan = await client.leads.create.mutate({ email: "alan@example.com", company: "Bletchley Park" });
    expect(ada).toMatchObject({ email: "ada@example.com", name: "Ada Lovelace", company: null, status: "new" });
    expect(ada.created).toBeInstanceOf(Date);
    expect(ada.updated).toBeInstanceOf(Date);

    const page = await client.leads.list.query({ limit: 10 });
    expect(page.items.map((lead) => lead.email)).toEqual(["alan@example.com", "ada@example.com"]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]?.created).toBeInstanceOf(Date);
    expect(await client.leads.get.query({ id: alan.id })).toEqual(alan);
  });

  it("replays a create retried with the same idempotency key", async () => {
    const client = createOutboundClient({ baseUrl, apiKey: tenant.apiKey });
    const first = await client.leads.create.mutate({ email: "once@example.com", idempotencyKey: "sdk-once-1" });
    const again = await client.leads.create.mutate({ email: "once@example.com", idempotencyKey: "sdk-once-1" });
    expect(again).toEqual(first);
    expect(server.requests.map((r) => r.headers["idempotency-key"])).toEqual(["sdk-once-1", "sdk-once-1"]);
  });

  it("gives every create its own idempotency key, in the input and the Idempotency-Key header", async () => {
    const client = createOutboundClient({ baseUrl, apiKey: tenant.apiKey });
    await client.leads.create.mutate({ email: "key-1@example.com" });
    await client.leads.create.mutate({ email: "key-2@example.com" });
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    for (const [i, request] of server.requests.entries()) {
      expect(JSON.parse(request.body).json.idempotencyKey).toBe(keys[i]);
    }
  });

  it("batches concurrent queries into one request but sends each mutation alone", async () => {
    const client = createOutboundClient({ baseUrl, apiKey: tenant.apiKey });
    const [info, page] = await Promise.all([client.system.info.query(), client.leads.list.query({ limit: 1 })]);
    expect(info).toEqual({ name: "outbound", apiVersion: 1 });
    expect(page.items).toHaveLength(1);
    expect(server.requests.map((r) => r.path)).toEqual(["system.info,leads.list"]);

    server.reset();
    await Promise.all([
      client.leads.create.mutate({ email: "alone-1@example.com" }),
      client.leads.create.mutate({ email: "alone-2@example.com" }),
    ]);
    expect(server.requests.map((r) => r.path)).toEqual(["leads.create", "leads.create"]);
  });

  it("sends extra headers but always authenticates with the configured key", async () => {
    const client = createOutboundClient({
      baseUrl: `${baseUrl}/`,
      apiKey: tenant.apiKey,
      headers: { authorization: "Bearer someone-else", "X-Trace": "t-1" },
    });
    await client.leads.list.query({ limit: 1 });
    expect(server.requests.map((r) => [r.headers.authorization, r.headers["x-trace"]])).toEqual([
      [`Bearer ${tenant.apiKey}`, "t-1"],
    ]);
  });

  it("uses the fetch it is given", async () => {
    const seen: string[] = [];
    const client = createOutboundClient({
      baseUrl,
      apiKey: tenant.apiKey,
      fetch: (input, init) => {
        seen.push(String(input).split("?")[0] ?? "");
        return fetch(input, init);
      },
    });
    await client.system.info.query();
    expect(seen).toEqual([`${baseUrl}/trpc/system.info`]);
  });
});

describe("client options", () => {
  const valid: OutboundClientOptions = { baseUrl: "https://api.example.com", apiKey: "ob_live_x" };

  it("refuses a config without a usable baseUrl or apiKey", () => {
    expect(() => createOutboundClient({ baseUrl: "api.example.com", apiKey: "k" })).toThrow(/baseUrl/);
    expect(() => createOutboundClient({ ...valid, apiKey: " " })).toThrow(/apiKey/);
  });

  it("without an apiKey, calls public procedures and rejects the rest with AuthenticationError", async () => {
    const anonymous = createOutboundClient({ baseUrl });
    const plans = await anonymous.billing.plans.query();
    expect(plans.map((p) => p.slug)).toContain("free");
    const error = await anonymous.leads.list.query({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it("refuses unknown options by name, suggesting the one meant", () => {
    const misspelt = { ...valid, timeout: 1000 };
    expect(() => createOutboundClient(misspelt)).toThrow(
      'createOutboundClient: unknown option "timeout". Did you mean "timeoutMs"?',
    );
    const unknown = { ...valid, region: "eu" };
    expect(() => createOutboundClient(unknown)).toThrow(/unknown option "region".*Allowed: baseUrl, apiKey/);
  });

  it("refuses invalid timeouts, retry counts, headers and fetch", () => {
    expect(() => createOutboundClient({ ...valid, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createOutboundClient({ ...valid, timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
    expect(() => createOutboundClient({ ...valid, maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(() => createOutboundClient({ ...valid, maxRetries: -1 })).toThrow(/maxRetries/);
    const badHeaders = { ...valid, headers: { "X-Count": 3 } } as unknown as OutboundClientOptions;
    expect(() => createOutboundClient(badHeaders)).toThrow(/header "X-Count"/);
    const badFetch = { ...valid, fetch: "fetch" } as unknown as OutboundClientOptions;
    expect(() => createOutboundClient(badFetch)).toThrow(/fetch must be a function/);
  });

  it("checks per-call overrides the same way", () => {
    const client = createOutboundClient(valid);
    expect(() => client.withOptions({ maxRetries: 11 })).toThrow(/maxRetries/);
    const extra = { timeoutMs: 5, idempotencyKey: "k" };
    expect(() => client.withOptions(extra)).toThrow(/withOptions: unknown option "idempotencyKey"/);
    expect(typeof client.withOptions({ timeoutMs: 5_000 }).leads.list.query).toBe("function");
  });
});
