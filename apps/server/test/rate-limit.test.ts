import { randomUUID } from "node:crypto";
import { AppDeps, MemoryRateLimiter, RedisRateLimiter } from "@outbound/api";
import { findActivePlanBySlugWithPrices, insertPlan } from "@outbound/db/queries/plans";
import { insertCurrentSubscription } from "@outbound/db/queries/subscriptions";
import { createTestTenant, type TestTenant, useTestDatabase } from "@outbound/testing";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";

const database = useTestDatabase();

/** A tenant on a fresh plan with API access allowing `perMinute` API calls a minute. */
async function tenantWithRate(perMinute: number): Promise<TestTenant> {
  const tenant = await createTestTenant(database.db);
  const free = await findActivePlanBySlugWithPrices(database.db, "free");
  if (!free) throw new Error("free plan not seeded");
  const { id: _id, created: _c, updated: _u, ...values } = free;
  const plan = await insertPlan(database.db, {
    ...values,
    slug: `rate-${randomUUID()}`,
    isActive: false,
    apiRateLimit: perMinute,
    apiAccess: true,
  });
  await insertCurrentSubscription(database.db, { tenantId: tenant.tenantId, planId: plan.id, status: "active" });
  return tenant;
}

/** Budgets run in calendar minutes: start a test well inside one so its calls share a window. */
async function insideOneWindow() {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

const list = (app: ReturnType<typeof createApp>, token: string) =>
  app.request("/trpc/leads.list", { headers: { authorization: `Bearer ${token}` } });

describe("API rate limits by plan", () => {
  it("answers 429 with Retry-After and RateLimit headers once the plan's budget is spent", async () => {
    const tenant = await tenantWithRate(3);
    await insideOneWindow();
    const app = createApp({
      deps: new AppDeps(database.db, { rateLimiter: new MemoryRateLimiter() }),
      logger: createLogger("silent"),
    });
    const first = await list(app, tenant.apiKey);
    expect(first.status).toBe(200);
    expect(first.headers.get("RateLimit-Limit")).toBe("3");
    expect(first.headers.get("RateLimit-Remaining")).toBe("2");
    await list(app, tenant.apiKey);
    await list(app, tenant.apiKey);
    const refused = await list(app, tenant.apiKey);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get("RateLimit-Remaining")).toBe("0");

    // Another tenant's budget is its own.
    const other = await tenantWithRate(3);
    expect((await list(app, other.apiKey)).status).toBe(200);
  });

  it("shares one budget between two servers through Redis", async () => {
    const tenant = await tenantWithRate(4);
    await insideOneWindow();
    const prefix = `test:${randomUUID()}:`;
    const clients = [new Redis("redis://127.0.0.1:6379"), new Redis("redis://127.0.0.1:6379")];
    try {
      const [a, b] = clients.map((redis) =>
        createApp({
          deps: new AppDeps(database.db, { rateLimiter: new RedisRateLimiter(redis, prefix) }),
          logger: createLogger("silent"),
        }),
      ) as [ReturnType<typeof createApp>, ReturnType<typeof createApp>];
      const statuses = [];
      for (const app of [a, b, a, b, a, b]) statuses.push((await list(app, tenant.apiKey)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      for (const redis of clients) redis.disconnect();
    }
  });
});
