import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { AppDeps, appRouter, createContextInner } from "@outbound/api";
import type { DatabaseHandle } from "@outbound/db";
import { createTestTenant, openTestDatabase, type TestTenant } from "@outbound/testing";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundClient, type OutboundClientError, TRPCClientError } from "../src/index.js";

// A real HTTP server over a real database: the SDK is judged by what crosses the wire.
let handle: DatabaseHandle;
let server: ReturnType<typeof serve>;
let baseUrl: string;
let tenant: TestTenant;

beforeAll(async () => {
  handle = await openTestDatabase();
  const deps = new AppDeps(handle.db);
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve(
      {
        hostname: "127.0.0.1",
        port: 0,
        fetch: (req) =>
          fetchRequestHandler({
            endpoint: "/trpc",
            req,
            router: appRouter,
            createContext: () => createContextInner({ deps, authorization: req.headers.get("authorization") }),
          }),
      },
      resolve,
    );
  });
  baseUrl = `http://127.0.0.1:${address.port}`;
  tenant = await createTestTenant(handle.db);
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server?.close((error) => (error ? reject(error) : resolve())));
  await handle?.close();
});

async function rejectionOf(promise: Promise<unknown>): Promise<OutboundClientError> {
  const error = await promise.then(
    () => expect.unreachable("the call should have failed"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as OutboundClientError;
}

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
  });

  it("answers concurrent calls, which the client batches into one request", async () => {
    const requests: string[] = [];
    const client = createOutboundClient({
      baseUrl,
      apiKey: tenant.apiKey,
      fetch: (input, init) => {
        requests.push(String(input));
        return fetch(input, init);
      },
    });
    const [info, page] = await Promise.all([client.system.info.query(), client.leads.list.query({ limit: 1 })]);
    expect(info).toEqual({ name: "outbound", apiVersion: 1 });
    expect(page.items).toHaveLength(1);
    expect(requests).toHaveLength(1);
  });

  it("rejects invalid input with BAD_REQUEST and the failing fields", async () => {
    const client = createOutboundClient({ baseUrl, apiKey: tenant.apiKey });
    const error = await rejectionOf(client.leads.create.mutate({ email: "not-an-email" }));
    expect(error.data?.code).toBe("BAD_REQUEST");
    expect(error.data?.httpStatus).toBe(400);
    expect(error.data?.fieldErrors).toHaveProperty("email");
  });

  it("rejects an unknown API key with UNAUTHORIZED", async () => {
    const client = createOutboundClient({ baseUrl, apiKey: "ob_live_not-a-real-key" });
    const error = await rejectionOf(client.leads.list.query());
    expect(error.data?.code).toBe("UNAUTHORIZED");
    expect(error.data?.httpStatus).toBe(401);
  });

  it("sends extra headers but always authenticates with the configured key", async () => {
    const seen: string[] = [];
    const client = createOutboundClient({
      baseUrl: `${baseUrl}/`,
      apiKey: tenant.apiKey,
      headers: { authorization: "Bearer someone-else", "X-Trace": "t-1" },
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        seen.push(`${headers.get("authorization")} ${headers.get("x-trace")}`);
        return fetch(input, init);
      },
    });
    await client.leads.list.query({ limit: 1 });
    expect(seen).toEqual([`Bearer ${tenant.apiKey} t-1`]);
  });

  it("refuses a config without a usable baseUrl or apiKey", () => {
    expect(() => createOutboundClient({ baseUrl: "api.example.com", apiKey: "k" })).toThrow(/baseUrl/);
    expect(() => createOutboundClient({ baseUrl, apiKey: " " })).toThrow(/apiKey/);
  });
});
