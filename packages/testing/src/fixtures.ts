import { randomUUID } from "node:crypto";
import {
  AppDeps,
  type AppDepsOptions,
  appRouter,
  createCallerFactory,
  createContextInner,
  generateApiKey,
} from "@outbound/api";
import { type Database, schema } from "@outbound/db";
import { insertApiKey } from "@outbound/db/queries/api-keys";
import { findActivePlanBySlug } from "@outbound/db/queries/plans";
import { insertMonthlySubscription } from "@outbound/db/queries/subscriptions";

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

const shared = new WeakMap<Database, AppDeps>();

/**
 * The server dependencies callers built without options share, as one server process's
 * requests do (its credential cache among them).
 */
export function sharedDepsFor(db: Database): AppDeps {
  let deps = shared.get(db);
  if (!deps) {
    deps = new AppDeps(db);
    shared.set(db, deps);
  }
  return deps;
}

/**
 * A caller of the router in-process, as the HTTP adapter would build it for this `Authorization`
 * value. Without `options` it runs on the database's shared dependencies (one process); with
 * them (secret store, DNS servers, clock), on dependencies of its own.
 */
export function callerFor(db: Database, authorization: string | null, options: AppDepsOptions = {}): Caller {
  return callerWith(Object.keys(options).length === 0 ? sharedDepsFor(db) : new AppDeps(db, options), authorization);
}

/** A caller on these dependencies: several callers on one `AppDeps` are requests to one server process. */
export function callerWith(deps: AppDeps, authorization: string | null): Caller {
  return createCaller(createContextInner({ deps, authorization }));
}

export interface TestTenant {
  tenantId: string;
  ownerUserId: string;
  /** A write-scoped API key of the tenant. */
  apiKey: string;
  caller: Caller;
  /** Another key of the tenant with the given scope. */
  newApiKey(scope: "read" | "write", options?: { expires?: Date }): Promise<string>;
}

/** A fresh tenant with an owner and a write API key; unique names so tests can share one PostgreSQL. */
export async function createTestTenant(
  db: Database,
  overrides: { name?: string; plan?: string } = {},
): Promise<TestTenant> {
  const unique = randomUUID().slice(0, 8);
  const [tenant] = await db
    .insert(schema.tenants)
    .values({ name: overrides.name ?? `Test tenant ${unique}` })
    .returning({ id: schema.tenants.id });
  if (!tenant) throw new Error("tenant insert returned nothing");
  if (overrides.plan) await subscribeToPlan(db, tenant.id, overrides.plan);
  const [user] = await db
    .insert(schema.users)
    .values({ email: `owner-${unique}@example.test`, name: "Test Owner" })
    .returning({ id: schema.users.id });
  if (!user) throw new Error("user insert returned nothing");
  await db
    .insert(schema.tenantUsers)
    .values({ tenantId: tenant.id, userId: user.id, roles: ["owner"], email: `owner-${unique}@example.test` });
  const newApiKey = async (scope: "read" | "write", options: { expires?: Date } = {}) => {
    const key = generateApiKey();
    await insertApiKey(db, {
      tenantId: tenant.id,
      name: `${scope} key`,
      prefix: key.prefix,
      keyHash: key.keyHash,
      scope,
      expires: options.expires ?? null,
    });
    return key.key;
  };
  const apiKey = await newApiKey("write");
  return {
    tenantId: tenant.id,
    ownerUserId: user.id,
    apiKey,
    caller: callerFor(db, `Bearer ${apiKey}`),
    newApiKey,
  };
}

/** Puts the tenant on a seeded plan (by slug), so plan quotas let it create things. */
async function subscribeToPlan(db: Database, tenantId: string, slug: string): Promise<void> {
  const plan = await findActivePlanBySlug(db, slug);
  if (!plan) throw new Error(`no active plan "${slug}": the global setup seeds free, starter, growth and scale`);
  await insertMonthlySubscription(db, { tenantId, planId: plan.id, billingContactUserId: null, now: new Date() });
}
