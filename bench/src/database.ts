import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateApiKey } from "@outbound/api";
import { createDatabase, type Database, schema } from "@outbound/db";
import { insertApiKey } from "@outbound/db/queries/api-keys";
import { findActivePlanBySlug } from "@outbound/db/queries/plans";
import { insertMonthlySubscription } from "@outbound/db/queries/subscriptions";
import { seedReferenceData } from "@outbound/db/seed";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { benchEnv } from "./env.js";

export type DbKind = "postgres" | "pglite";

/** Where a bench database lives: what a server process needs to open it. */
export interface BenchDatabase {
  kind: DbKind;
  /** Environment for a server process: DATABASE_URL or DATA_DIR. */
  env: Record<string, string>;
  tenantId: string;
  apiKey: string;
  open(): ReturnType<typeof createDatabase>;
  /**
   * Refreshes the planner's statistics, as autovacuum does a minute after a bulk change. This
   * machine's PostgreSQL runs with autovacuum off (and PGlite has none): without it, the tables
   * keep the statistics of their first rows, and after an import leads.list sorted 76 000 rows
   * a request instead of reading 51 from the primary key.
   */
  analyze(): Promise<void>;
  /** Another tenant on the same plan, with `leads` leads of its own. */
  addTenant(leads: number, name: string): Promise<{ tenantId: string; apiKey: string }>;
  dispose(): Promise<void>;
}

/** A fresh database (PostgreSQL: a new database; PGlite: a new data dir), migrated and seeded with one tenant. */
export async function prepareDatabase(kind: DbKind, leads: number): Promise<BenchDatabase> {
  let env: Record<string, string>;
  let dispose: () => Promise<void>;
  if (kind === "postgres") {
    const name = `outbound_bench_${randomBytes(4).toString("hex")}`;
    const admin = postgres(benchEnv.pgAdminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(benchEnv.pgAdminUrl);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    dispose = async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), "outbound-bench-"));
    env = { DATA_DIR: join(dir, "pglite") };
    dispose = async () => rmSync(dir, { recursive: true, force: true });
  }
  const open = () => createDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  const handle = await open();
  try {
    await seedReferenceData(handle.db);
    const { tenantId, apiKey } = await seedBenchTenant(handle.db, leads);
    const analyze = async () => {
      const opened = await open();
      try {
        await opened.db.execute(sql`analyze`);
      } finally {
        await opened.close();
      }
    };
    const addTenant = async (count: number, name: string) => {
      const opened = await open();
      try {
        return await seedBenchTenant(opened.db, count, name);
      } finally {
        await opened.close();
      }
    };
    await handle.db.execute(sql`analyze`);
    return { kind, env, tenantId, apiKey, open, analyze, addTenant, dispose };
  } finally {
    await handle.close();
  }
}

/** The scale plan with room for the load, created once per database. */
async function benchPlanId(db: Database): Promise<string> {
  const [existing] = await db
    .select({ id: schema.plans.id })
    .from(schema.plans)
    .where(eq(schema.plans.slug, "bench"))
    .limit(1);
  if (existing) return existing.id;
  const scale = await findActivePlanBySlug(db, "scale");
  if (!scale) throw new Error("the scale plan is missing");
  // The scale plan, with room for the load: its 3 000 requests a minute would turn a load run into
  // a run of 429 answers. The rate limiter still runs on every request, as it does in production.
  const { id: _id, slug: _slug, created: _created, updated: _updated, ...limits } = scale;
  const [plan] = await db
    .insert(schema.plans)
    .values({
      ...limits,
      slug: "bench",
      name: "Bench",
      isActive: false,
      apiRateLimit: 2_000_000_000,
      maxContacts: 10_000_000,
    })
    .returning({ id: schema.plans.id });
  if (!plan) throw new Error("plan insert returned nothing");
  return plan.id;
}

async function seedBenchTenant(
  db: Database,
  leads: number,
  name = "Bench tenant",
): Promise<{ tenantId: string; apiKey: string }> {
  const [tenant] = await db.insert(schema.tenants).values({ name }).returning({ id: schema.tenants.id });
  if (!tenant) throw new Error("tenant insert returned nothing");
  const plan = { id: await benchPlanId(db) };
  await insertMonthlySubscription(db, {
    tenantId: tenant.id,
    planId: plan.id,
    billingContactUserId: null,
    now: new Date(),
  });
  const key = generateApiKey();
  await insertApiKey(db, {
    tenantId: tenant.id,
    name: "bench",
    prefix: key.prefix,
    keyHash: key.keyHash,
    scope: "write",
  });
  for (let start = 0; start < leads; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, leads - start) }, (_, i) => ({
      tenantId: tenant.id,
      email: `lead${start + i}@bench.example`,
      name: `Lead ${start + i}`,
      company: `Company ${(start + i) % 97}`,
    }));
    await db.insert(schema.leads).values(rows);
  }
  return { tenantId: tenant.id, apiKey: key.key };
}
