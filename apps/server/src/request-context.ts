import { type AppDeps, createContextInner, type RequestContext } from "@outbound/api";
import type { Context } from "hono";
import { clientAddress } from "./client-address.js";

export type AppEnv = { Variables: { requestId: string } };

/**
 * The procedure context of one HTTP request, for /trpc and /v1 alike: whatever the context
 * learns from a request (credential, Idempotency-Key, client address, request id) is read here, once, so both
 * surfaces authenticate, rate-limit and scope by tenant the same way.
 */
export function contextFor(c: Context<AppEnv>, deps: AppDeps, trustProxy: boolean): RequestContext {
  return createContextInner({
    deps,
    authorization: c.req.header("authorization") ?? null,
    idempotencyKey: c.req.header("idempotency-key") ?? null,
    clientAddress: clientAddress(c, trustProxy),
    requestId: c.get("requestId"),
  });
}
