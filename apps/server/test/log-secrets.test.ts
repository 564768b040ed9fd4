import { AppDeps } from "@outbound/api";
import { createTestTenant, type TestTenant, useTestDatabase } from "@outbound/testing";
import { sql } from "drizzle-orm";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";

const database = useTestDatabase();
const logLines: string[] = [];
const logger = createLogger("debug", { write: (line: string) => void logLines.push(line) });
let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant(database.db, { plan: "scale" });
});

const SECRET = "s3cret-value-7f1e";
const post = (app: ReturnType<typeof createApp>, path: string, input: unknown, authorization?: string) =>
  app.request(`/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(superjson.serialize(input)),
  });

describe("log lines", () => {
  it("describe a failed query by class, SQLSTATE and frames, never by its statement or parameters", async () => {
    let failure: unknown;
    try {
      await database.db.execute(sql`select ${SECRET}::int as n`);
    } catch (error) {
      failure = error;
    }
    expect(String((failure as Error).message)).toContain(SECRET);
    logger.error({ err: failure, path: "probe" }, "procedure failed");
    const line = logLines.at(-1) ?? "";
    expect(line).not.toContain(SECRET);
    expect(JSON.parse(line)).toMatchObject({ err: { code: "22P02" }, path: "probe" });
  });

  it("carry no secret a caller sent after failed calls of every kind", async () => {
    const app = createApp({ deps: new AppDeps(database.db), logger });
    const auth = `Bearer ${tenant.apiKey}`;
    const email = `${SECRET}@example.test`;
    await post(app, "auth.signIn", { email, password: SECRET });
    await post(app, "leads.create", { email, name: `${SECRET}\u0000` }, auth);
    await post(app, "leads.create", { email: SECRET, name: SECRET }, auth);
    await post(app, "leads.create", { email, name: SECRET.repeat(50) }, auth);
    await post(app, "admin.systemConfig.set", { key: "smtp.password", value: SECRET, isSensitive: true }, auth);
    await app.request(`/trpc/leads.list?input=${encodeURIComponent(JSON.stringify({ json: { search: SECRET } }))}`, {
      headers: { authorization: `Bearer ${SECRET}` },
    });
    await app.request(`/trpc/leads.create?token=${SECRET}`, {
      method: "POST",
      headers: { authorization: auth },
      body: "{",
    });
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(SECRET))).toEqual([]);
  });
});
