import { type AppDeps, hashToken } from "@outbound/api";
import { findApiKeyByHash } from "@outbound/db/queries/api-keys";
import { listLeads } from "@outbound/db/queries/leads";
import type { Env, Hono } from "hono";

const bearer = (header: string | undefined) => /^Bearer (\S+)$/.exec(header ?? "")?.[1];

/**
 * The floor the typed path is measured against: `leads.list`'s query behind a bare Hono route,
 * without tRPC or superjson. `/bench/plain/leads` looks the API key up on every request (two
 * queries); `/bench/plain-cached/leads` finds it through the cache the tRPC path uses, so both do
 * the same database work and what differs is tRPC, superjson and the middleware.
 */
export function addPlainRoutes<E extends Env>(app: Hono<E>, deps: AppDeps): void {
  const { db } = deps;
  app.get("/bench/plain/leads", async (c) => {
    const token = bearer(c.req.header("authorization"));
    const key = token ? await findApiKeyByHash(db, hashToken(token)) : null;
    if (!key || key.revoked || key.tenantDeleted) return c.json({ error: "unauthorized" }, 401);
    const limit = Number(c.req.query("limit") ?? 50);
    return c.json(await listLeads(db, { tenantId: key.tenantId, limit }));
  });
  app.get("/bench/plain-cached/leads", async (c) => {
    const token = bearer(c.req.header("authorization"));
    if (!token) return c.json({ error: "unauthorized" }, 401);
    const cache = deps.credentials;
    const keyHash = hashToken(token);
    const now = Date.now();
    let key = cache.apiKeys.get(keyHash, now) ?? null;
    if (!key) {
      key = await findApiKeyByHash(db, keyHash);
      if (key) cache.apiKeys.set(keyHash, key, now);
    }
    if (!key || key.revoked || key.tenantDeleted) return c.json({ error: "unauthorized" }, 401);
    const limit = Number(c.req.query("limit") ?? 50);
    return c.json(await listLeads(db, { tenantId: key.tenantId, limit }));
  });
}
