import { type Database, schema } from "@outbound/db";
import { createLead } from "@outbound/db/queries/leads";
import {
  createTestPlan,
  createTestTenant,
  subscribe,
  type TestTenant,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import { and, count, eq, sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { describe, expect, it } from "vitest";
import { importLeads } from "../src/services/leads/import.js";
import { type Once, runIdempotent } from "../src/services/platform/idempotency.js";

const database = useTestDatabase();

/** A tenant on the `scale` plan (250 000 contacts), or on a private plan with this contact quota. */
async function subscribedTenant(maxContacts?: number): Promise<TestTenant> {
  const tenant = await createTestTenant(database.db);
  const plan =
    maxContacts === undefined ? { slug: "scale" } : { id: await createTestPlan(database.db, { maxContacts }) };
  await subscribe(database.db, tenant.tenantId, plan);
  return tenant;
}

async function leadCount(tenantId: string): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(schema.leads).where(eq(schema.leads.tenantId, tenantId));
  return row?.n ?? 0;
}

async function leadByEmail(tenantId: string, email: string) {
  const [row] = await database.db
    .select({ name: schema.leads.name, company: schema.leads.company, status: schema.leads.status })
    .from(schema.leads)
    .where(and(eq(schema.leads.tenantId, tenantId), sql`lower(${schema.leads.email}) = ${email}`));
  return row ?? null;
}

const person = (i: number) => ({ email: `person-${i}@example.com`, name: `Person ${i}`, company: `Company ${i % 97}` });

// Generous timeouts: these check correctness at full batch size, not speed (the bench suite measures that).
describe("leads.import at 10 000 rows", { timeout: 120_000 }, () => {
  it("inserts new rows, skips duplicates of existing leads, reports invalid rows, all in one call", async () => {
    const tenant = await subscribedTenant();
    const first = await tenant.caller.leads.import({ rows: Array.from({ length: 5_000 }, (_, i) => person(i)) });
    expect(first).toEqual({ inserted: 5_000, updated: 0, skipped: 0, invalid: [] });

    // 5 000 emails of existing leads (differently cased and padded), 4 990 new ones, 10 invalid rows.
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      if (i % 1_000 === 999) return { email: `broken-${i}` };
      if (i % 2 === 0) return { email: `  PERSON-${i / 2}@Example.COM `, name: "Overwritten?" };
      return person(5_000 + i);
    });
    const result = await tenant.caller.leads.import({ rows });
    expect(result.inserted).toBe(4_990);
    expect(result.updated).toBe(0);
    expect(result.skipped).toBe(5_000);
    expect(result.invalid).toHaveLength(10);
    expect(result.invalid[0]).toEqual({
      index: 999,
      email: "broken-999",
      reason: "email: must be a valid email address",
    });
    expect(await leadCount(tenant.tenantId)).toBe(9_990);
    expect(await leadByEmail(tenant.tenantId, "person-0@example.com")).toEqual({
      name: "Person 0",
      company: "Company 0",
      status: "new",
    });
    expect(await leadByEmail(tenant.tenantId, "person-5001@example.com")).toMatchObject({ name: "Person 5001" });
  });

  it("updates the existing half with onDuplicate update and inserts the rest", async () => {
    const tenant = await subscribedTenant();
    await tenant.caller.leads.import({ rows: Array.from({ length: 5_000 }, (_, i) => person(i)) });
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      i < 5_000
        ? { email: `PERSON-${i}@example.com`, company: `Renamed ${i}`, ...(i % 2 === 0 ? { status: "replied" } : {}) }
        : person(i),
    );
    const result = await tenant.caller.leads.import({ rows, onDuplicate: "update" });
    expect(result).toEqual({ inserted: 5_000, updated: 5_000, skipped: 0, invalid: [] });
    expect(await leadCount(tenant.tenantId)).toBe(10_000);
    expect(await leadByEmail(tenant.tenantId, "person-2@example.com")).toEqual({
      name: "Person 2",
      company: "Renamed 2",
      status: "replied",
    });
    expect(await leadByEmail(tenant.tenantId, "person-3@example.com")).toEqual({
      name: "Person 3",
      company: "Renamed 3",
      status: "new",
    });
    // The same rows again change nothing: every one is a duplicate left as it is.
    expect(await tenant.caller.leads.import({ rows, onDuplicate: "update" })).toEqual({
      inserted: 0,
      updated: 0,
      skipped: 10_000,
      invalid: [],
    });
  });

  it("imports nothing in atomic mode when any row is invalid, naming every bad row by path", async () => {
    const tenant = await subscribedTenant();
    const rows = Array.from({ length: 10_000 }, (_, i) => person(i));
    rows[17] = { email: "not an email", name: "x", company: "y" };
    rows[9_999] = { email: "ok@example.com", name: "n".repeat(201), company: "y" };
    const error = await trpcFailure(tenant.caller.leads.import({ rows, atomic: true }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("2 of 10000 rows are invalid");
    expect(error.cause).toMatchObject({
      details: {
        fieldErrors: {
          "rows.17.email": ["must be a valid email address"],
          "rows.9999.name": [expect.stringContaining("200")],
        },
      },
    });
    expect(await leadCount(tenant.tenantId)).toBe(0);

    rows[17] = person(17);
    rows[9_999] = person(9_999);
    expect(await tenant.caller.leads.import({ rows, atomic: true })).toEqual({
      inserted: 10_000,
      updated: 0,
      skipped: 0,
      invalid: [],
    });
  });

  it("replays the first result for a retried idempotency key without importing twice", async () => {
    const tenant = await subscribedTenant();
    const rows = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? person(i) : person(i - 1)));
    const call = () => tenant.caller.leads.import({ rows, idempotencyKey: "import-2024-05-01" });
    const first = await call();
    expect(first).toEqual({ inserted: 5_000, updated: 0, skipped: 5_000, invalid: [] });
    await database.db
      .delete(schema.leads)
      .where(and(eq(schema.leads.tenantId, tenant.tenantId), eq(schema.leads.email, "person-0@example.com")));
    // Replayed, not re-run: the deleted lead is not imported again and the counts are the first ones.
    expect(await call()).toEqual(first);
    expect(await leadCount(tenant.tenantId)).toBe(4_999);
    const other = await trpcFailure(
      tenant.caller.leads.import({ rows: rows.slice(1), idempotencyKey: "import-2024-05-01" }),
    );
    expect(other.code).toBe("CONFLICT");
  });
});

/** The test database's connection, seen through a Drizzle instance that records every statement it sends. */
function recordingDatabase(): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const logger = { logQuery: (query: string) => void statements.push(query) };
  const client = (database.db as unknown as { $client: unknown }).$client;
  const db =
    database.handle.kind === "pglite"
      ? drizzlePglite({ client: client as never, schema, casing: "snake_case", logger })
      : drizzlePostgres({ client: client as never, schema, casing: "snake_case", logger });
  return { db: db as unknown as Database, statements };
}

describe("leads.import", () => {
  it("sends a handful of set-based statements for 10 000 rows, never one per row", { timeout: 120_000 }, async () => {
    const tenant = await subscribedTenant();
    const { db, statements } = recordingDatabase();
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ ...person(i), ...(i % 2 ? { status: "replied" } : {}) }));
    // Keyed as leads.import is over the API: the idempotency claim and stored answer count too.
    const once: Once = (run) =>
      runIdempotent({
        db,
        tenantId: tenant.tenantId,
        path: "leads.import",
        key: "counted",
        input: {},
        now: new Date(),
        run,
      });
    const result = await importLeads(once, {
      tenantId: tenant.tenantId,
      now: new Date(),
      rows,
      onDuplicate: "update",
      atomic: false,
    });
    expect(result.inserted).toBe(10_000);
    expect(statements.length).toBeLessThanOrEqual(15);
    expect(statements.filter((q) => /insert into leads/i.test(q))).toHaveLength(2);
  });

  it("keeps the first row of an email in the batch with skip and the last with update", async () => {
    const tenant = await subscribedTenant();
    const rows = [
      { email: "twin@example.com", name: "First" },
      { email: "other@example.com" },
      { email: "TWIN@example.com", name: "Second", status: "replied" },
      { email: "twin@example.com ", name: "Third" },
    ];
    expect(await tenant.caller.leads.import({ rows })).toEqual({ inserted: 2, updated: 0, skipped: 2, invalid: [] });
    expect(await leadByEmail(tenant.tenantId, "twin@example.com")).toEqual({
      name: "First",
      company: null,
      status: "new",
    });

    const fresh = await subscribedTenant();
    expect(await fresh.caller.leads.import({ rows, onDuplicate: "update" })).toEqual({
      inserted: 2,
      updated: 0,
      skipped: 2,
      invalid: [],
    });
    // The last row replaces the earlier ones whole: its status is absent, so the new lead is `new`.
    expect(await leadByEmail(fresh.tenantId, "twin@example.com")).toEqual({
      name: "Third",
      company: null,
      status: "new",
    });
  });

  it("leaves fields a row doesn't give, status included, as they are on update", async () => {
    const tenant = await subscribedTenant();
    await tenant.caller.leads.create({
      email: "kept@example.com",
      name: "Kept",
      company: "Co",
      status: "unsubscribed",
    });
    const result = await tenant.caller.leads.import({
      rows: [{ email: "kept@example.com", name: "", company: "New Co", status: "" }],
      onDuplicate: "update",
    });
    expect(result).toEqual({ inserted: 0, updated: 1, skipped: 0, invalid: [] });
    expect(await leadByEmail(tenant.tenantId, "kept@example.com")).toEqual({
      name: "Kept",
      company: "New Co",
      status: "unsubscribed",
    });
  });

  it("validates each row like leads.create, statuses case-insensitively, and reports every bad row", async () => {
    const tenant = await subscribedTenant();
    const result = await tenant.caller.leads.import({
      rows: [
        { email: "good@example.com", status: " Replied " },
        { email: "" },
        { email: "x@example.com", status: "vip" },
        { email: `${"a".repeat(250)}@example.com` },
        { email: "bad", company: "c".repeat(300) },
      ],
    });
    expect(result.inserted).toBe(1);
    expect(result.invalid.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(result.invalid[1]).toMatchObject({ email: "x@example.com", reason: expect.stringMatching(/^status: /) });
    expect(result.invalid[3]?.reason).toMatch(/email: .*; company: /);
    expect(await leadByEmail(tenant.tenantId, "good@example.com")).toMatchObject({ status: "replied" });
  });

  it("counts only the batch's new leads against max_contacts, all together", async () => {
    const tenant = await subscribedTenant(10);
    await tenant.caller.leads.import({ rows: Array.from({ length: 8 }, (_, i) => person(i)) });
    const tooMany = await trpcFailure(
      tenant.caller.leads.import({ rows: Array.from({ length: 5 }, (_, i) => person(100 + i)) }),
    );
    expect(tooMany.code).toBe("PAYMENT_REQUIRED");
    expect(tooMany.cause).toMatchObject({ details: { limit: "max_contacts", allowed: 10, used: 8 } });
    expect(tooMany.message).toContain("room for 2");
    expect(await leadCount(tenant.tenantId)).toBe(8);

    // Eight duplicates and two new leads fit exactly; updating existing leads needs no room at all.
    const rows = [...Array.from({ length: 8 }, (_, i) => person(i)), person(100), person(101)];
    expect(await tenant.caller.leads.import({ rows })).toMatchObject({ inserted: 2, skipped: 8 });
    const renamed = rows.map((r) => ({ ...r, company: "Full" }));
    expect(await tenant.caller.leads.import({ rows: renamed, onDuplicate: "update" })).toMatchObject({ updated: 10 });
  });

  it("lets only as many concurrent imports through as max_contacts has room for", async () => {
    const tenant = await subscribedTenant(10);
    const batch = (from: number) => Array.from({ length: 6 }, (_, i) => person(from + i));
    const results = await Promise.allSettled(
      [0, 100, 200].map((from) => tenant.caller.leads.import({ rows: batch(from) })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "PAYMENT_REQUIRED" });
    expect(await leadCount(tenant.tenantId)).toBe(6);
  });

  it("refuses new leads for a tenant without a subscription but lets it import only duplicates", async () => {
    const tenant = await createTestTenant(database.db);
    // Written directly: without a subscription the API refuses every new lead.
    await createLead(database.db, { tenantId: tenant.tenantId, email: "existing@example.com" });
    expect((await trpcFailure(tenant.caller.leads.import({ rows: [person(1)] }))).code).toBe("PAYMENT_REQUIRED");
    expect(await tenant.caller.leads.import({ rows: [{ email: "existing@example.com" }] })).toMatchObject({
      skipped: 1,
    });
  });

  it("refuses an empty batch or more than 10 000 rows with BAD_REQUEST", async () => {
    const tenant = await subscribedTenant();
    expect((await trpcFailure(tenant.caller.leads.import({ rows: [] }))).code).toBe("BAD_REQUEST");
    const tooMany = Array.from({ length: 10_001 }, (_, i) => person(i));
    expect((await trpcFailure(tenant.caller.leads.import({ rows: tooMany }))).code).toBe("BAD_REQUEST");
    expect(await leadCount(tenant.tenantId)).toBe(0);
  });

  it("never touches another tenant's lead with the same email", async () => {
    const mine = await subscribedTenant();
    const theirs = await subscribedTenant();
    await theirs.caller.leads.create({ email: "shared@example.com", name: "Theirs" });
    const result = await mine.caller.leads.import({
      rows: [{ email: "shared@example.com", name: "Mine" }],
      onDuplicate: "update",
    });
    expect(result).toMatchObject({ inserted: 1, updated: 0 });
    expect(await leadByEmail(theirs.tenantId, "shared@example.com")).toMatchObject({ name: "Theirs" });
    expect(await leadByEmail(mine.tenantId, "shared@example.com")).toMatchObject({ name: "Mine" });
  });
});
