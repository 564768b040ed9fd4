import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Env, Hono } from "hono";

/** Where `pnpm --filter @outbound/dashboard build` writes the dashboard (Vite `base: "/app/"`). */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL("../../dashboard/dist", import.meta.url));

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Outbound</title>
<p>The dashboard is not built. Run <code>pnpm --filter @outbound/dashboard build</code> (or <code>pnpm start</code>, which builds it) and reload.</p>`;

/**
 * Serves the built dashboard at /app: hashed assets for a year, any other path under /app gets
 * index.html so client-side routes survive a reload. index.html is read per request, so a rebuild
 * while the server runs is picked up.
 */
export function mountDashboard<E extends Env>(app: Hono<E>, dir: string = DEFAULT_DASHBOARD_DIR): void {
  const indexFile = join(dir, "index.html");
  app.get("/app", (c) => c.redirect("/app/", 301));
  // File names carry a content hash: a changed file is a new name, so browsers may keep these.
  app.use("/app/assets/*", async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set("Cache-Control", "public, max-age=31536000, immutable");
  });
  app.use("/app/assets/*", serveStatic({ root: dir, rewriteRequestPath: (path) => path.replace(/^\/app/, "") }));
  app.get("/app/*", (c) => {
    if (c.req.path.startsWith("/app/assets/")) return c.text("Not found", 404);
    if (!existsSync(indexFile)) return c.html(NOT_BUILT, 503);
    c.header("Cache-Control", "no-cache");
    return c.html(readFileSync(indexFile, "utf8"));
  });
}
