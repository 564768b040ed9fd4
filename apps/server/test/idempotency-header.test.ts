import { AppDeps } from "@outbound/api";
import { createTestPlan, createTestTenant, subscribe, useTestDatabase } from "@outbound/testing";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";

const database = useTestDatabase();

async function apiTenant() {
  const tenant = await createTestTenant(database.db);
  await subscribe(database.db, tenant.tenantId, { id: await createTestPlan(database.db, { apiAccess: true }) });
  const app = createApp({ deps: new AppDeps(database.db), logger: createLogger("silent") });
  /** A tRPC mutation over plain HTTP, as a caller without the SDK sends it. */
  const mutate = async (path: string, input: unknown, key?: string) => {
    const response = await app.request(`/trpc/${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${tenant.apiKey}`,
        "content-type": "application/json",
        ...(key ? { "idempotency-key": key } : {}),
      },
      body: JSON.stringify(superjson.serialize(input)),
    });
    const body = (await response.json()) as {
      result?: { data: { json: Record<string, unknown> } };
      error?: { json: { data: { code: string; fieldErrors?: Record<string, string[]> } } };
    };
    return { status: response.status, data: body.result?.data.json, error: body.error?.json.data };
  };
  return { tenant, mutate };
}

describe("the Idempotency-Key header", () => {
  it("makes a retried create return the first result instead of creating twice", async () => {
    const { mutate } = await apiTenant();
    const key = `retry-${crypto.randomUUID()}`;
    const first = await mutate("leads.create", { email: "ada@example.com" }, key);
    const again = await mutate("leads.create", { email: "ada@example.com" }, key);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.data?.id).toBe(first.data?.id);
    // Without a key the same call is a second create (and the address is taken).
    expect((await mutate("leads.create", { email: "ada@example.com" })).error?.code).toBe("CONFLICT");
  });

  it("is the same key as idempotencyKey in the input, and answers CONFLICT for the same key with another input", async () => {
    const { mutate } = await apiTenant();
    const key = `same-${crypto.randomUUID()}`;
    const byHeader = await mutate("leads.create", { email: "grace@example.com" }, key);
    const byInput = await mutate("leads.create", { email: "grace@example.com", idempotencyKey: key });
    expect(byInput.data?.id).toBe(byHeader.data?.id);
    const other = await mutate("leads.create", { email: "linus@example.com" }, key);
    expect(other.status).toBe(409);
    expect(other.error?.code).toBe("CONFLICT");
  });

  it("refuses a header and an input key that differ, and a key that isn't one", async () => {
    const { mutate } = await apiTenant();
    const differ = await mutate("leads.create", { email: "a@example.com", idempotencyKey: "one" }, "two");
    expect(differ.status).toBe(400);
    expect(differ.error?.fieldErrors?.idempotencyKey).toBeDefined();
    const bad = await mutate("leads.create", { email: "b@example.com" }, "has spaces");
    expect(bad.status).toBe(400);
    expect(bad.error?.fieldErrors?.idempotencyKey).toBeDefined();
  });

  it("changes nothing on a mutation that takes no key", async () => {
    const { mutate } = await apiTenant();
    const lead = await mutate("leads.create", { email: "edsger@example.com" });
    const id = String(lead.data?.id);
    const updated = await mutate("leads.update", { id, name: "Edsger" }, `upd-${crypto.randomUUID()}`);
    expect(updated.status).toBe(200);
    expect(updated.data?.name).toBe("Edsger");
  });
});
