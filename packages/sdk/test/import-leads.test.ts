import { appRouter } from "@outbound/api";
import { createTestTenant, subscribe, type TestTenant, useTestDatabase } from "@outbound/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOutboundClient, type ImportLeadRow, type ImportProgress, importLeads } from "../src/index.js";
import { type FaultyServer, startFaultyServer } from "./support/faulty-server.js";

const hasImport = "leads.import" in appRouter._def.procedures;
if (!hasImport) console.warn("import-leads.test.ts: skipped, the router has no leads.import yet");

const database = useTestDatabase();
let server: FaultyServer;

beforeAll(async () => {
  server = await startFaultyServer(database.db);
});

beforeEach(() => server.reset());

afterAll(async () => {
  await server?.close();
});

async function subscribedTenant(): Promise<TestTenant> {
  const tenant = await createTestTenant(database.db);
  await subscribe(database.db, tenant.tenantId, { slug: "scale" });
  return tenant;
}

async function leadCount(tenantId: string): Promise<number> {
  const rows = await database.db.query.leads.findMany({ where: (leads, { eq }) => eq(leads.tenantId, tenantId) });
  return rows.length;
}

function rows(count: number, prefix: string): ImportLeadRow[] {
  return Array.from({ length: count }, (_, i) => ({ email: `${prefix}-${i}@example.com`, name: `Lead ${i}` }));
}

describe.skipIf(!hasImport)("importLeads", () => {
  it("imports in chunks, reporting progress and invalid rows by their overall index", async () => {
    const tenant = await subscribedTenant();
    const client = createOutboundClient({ baseUrl: server.baseUrl, apiKey: tenant.apiKey });
    await client.leads.create.mutate({ email: "chunk-7@example.com" });
    const input = rows(25, "chunk");
    input[3] = { email: "not-an-email" };
    input[21] = { email: "bad-status@example.com", status: "vip" };
    const progress: ImportProgress[] = [];
    server.reset();

    const result = await importLeads(client, input, { chunkSize: 10, onProgress: (p) => void progress.push(p) });

    expect(server.requests.map((r) => r.path)).toEqual(["leads.import", "leads.import", "leads.import"]);
    expect(result).toMatchObject({ inserted: 22, updated: 0, skipped: 1 });
    expect(result.invalid.map((row) => [row.index, row.email])).toEqual([
      [3, "not-an-email"],
      [21, "bad-status@example.com"],
    ]);
    expect(progress.map((p) => [p.rowsDone, p.chunksDone, p.totalRows])).toEqual([
      [10, 1, 25],
      [20, 2, 25],
      [25, 3, 25],
    ]);
    expect(progress.at(-1)).toMatchObject({ inserted: 22, skipped: 1, invalid: 2 });
    expect(await leadCount(tenant.tenantId)).toBe(23);
  });

  it("streams an async iterable with the default chunk size", async () => {
    const tenant = await subscribedTenant();
    const client = createOutboundClient({ baseUrl: server.baseUrl, apiKey: tenant.apiKey });
    async function* generate() {
      for (const row of rows(2_500, "stream")) yield row;
    }
    const progress: ImportProgress[] = [];
    const result = await importLeads(client, generate(), { onProgress: (p) => void progress.push(p) });
    expect(result).toEqual({ inserted: 2_500, updated: 0, skipped: 0, invalid: [] });
    expect(progress.map((p) => [p.rowsDone, p.totalRows])).toEqual([
      [1_000, undefined],
      [2_000, undefined],
      [2_500, undefined],
    ]);
    expect(await leadCount(tenant.tenantId)).toBe(2_500);
  });

  it("applies a chunk once when its response is lost and the chunk is retried", async () => {
    const tenant = await subscribedTenant();
    const client = createOutboundClient({ baseUrl: server.baseUrl, apiKey: tenant.apiKey });
    server.failNext({ kind: "dropResponse" });
    const result = await importLeads(client, rows(30, "retried"), { chunkSize: 20 });
    // A second application would have reported the first chunk's rows as skipped duplicates.
    expect(result).toEqual({ inserted: 30, updated: 0, skipped: 0, invalid: [] });
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("updates existing leads with onDuplicate: update", async () => {
    const tenant = await subscribedTenant();
    const client = createOutboundClient({ baseUrl: server.baseUrl, apiKey: tenant.apiKey });
    await client.leads.create.mutate({ email: "known@example.com", name: "Old Name" });
    const result = await importLeads(client, [{ email: "known@example.com", name: "New Name" }], {
      onDuplicate: "update",
    });
    expect(result).toMatchObject({ inserted: 0, updated: 1 });
    const [lead] = (await client.leads.list.query({ search: "known@" })).items;
    expect(lead?.name).toBe("New Name");
  });

  it("sends nothing for no rows, and refuses bad options before sending anything", async () => {
    const tenant = await subscribedTenant();
    const client = createOutboundClient({ baseUrl: server.baseUrl, apiKey: tenant.apiKey });
    expect(await importLeads(client, [])).toEqual({ inserted: 0, updated: 0, skipped: 0, invalid: [] });
    await expect(importLeads(client, rows(1, "x"), { chunkSize: 10_001 })).rejects.toThrow(/chunkSize/);
    await expect(importLeads(client, rows(1, "x"), { chunkSize: 0 })).rejects.toThrow(/chunkSize/);
    const misspelt = { chunksize: 10 } as Parameters<typeof importLeads>[2];
    await expect(importLeads(client, rows(1, "x"), misspelt)).rejects.toThrow(/unknown option "chunksize"/);
    expect(server.requests).toHaveLength(0);
  });
});
