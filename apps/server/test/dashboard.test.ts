import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { mountDashboard } from "../src/dashboard.js";

const dir = mkdtempSync(join(tmpdir(), "outbound-dashboard-"));
mkdirSync(join(dir, "assets"));
writeFileSync(join(dir, "index.html"), '<!doctype html><script type="module" src="/app/assets/app-1.js"></script>');
writeFileSync(join(dir, "assets/app-1.js"), "console.log('dashboard')");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function appServing(root: string) {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  mountDashboard(app, root);
  return app;
}

describe("the dashboard at /app", () => {
  const app = appServing(dir);

  it("redirects /app to /app/ and answers index.html there", async () => {
    const bare = await app.request("/app");
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toBe("/app/");
    const index = await app.request("/app/");
    expect(index.status).toBe(200);
    expect(index.headers.get("cache-control")).toBe("no-cache");
    expect(await index.text()).toContain("/app/assets/app-1.js");
  });

  it("answers index.html for client-side routes, so a reload of /app/campaigns/<id> works", async () => {
    const deep = await app.request("/app/campaigns/0190a2b4-0000-7000-8000-000000000000");
    expect(deep.status).toBe(200);
    expect(deep.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("serves hashed assets with a long cache and 404s a missing one instead of sending HTML", async () => {
    const asset = await app.request("/app/assets/app-1.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(await asset.text()).toContain("dashboard");
    expect((await app.request("/app/assets/missing.js")).status).toBe(404);
    expect((await app.request("/app/assets/../../index.html")).status).not.toBe(500);
  });

  it("leaves other routes alone", async () => {
    expect((await app.request("/healthz")).status).toBe(200);
  });

  it("says how to build it when the build is missing", async () => {
    const unbuilt = appServing(join(dir, "nope"));
    const response = await unbuilt.request("/app/");
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("pnpm --filter @outbound/dashboard build");
  });
});
