import { type AppDeps, appRouter } from "@outbound/api";
import type { Hono, MiddlewareHandler } from "hono";
import type { Logger } from "./logger.js";
import { type AppEnv, contextFor } from "./request-context.js";
import { createRestHandler } from "./rest-adapter.js";
import { restErrorBody } from "./rest-errors.js";

export interface RestOptions {
  deps: AppDeps;
  logger: Logger;
  trustProxy: boolean;
  /** The body limit of /trpc, applied to REST writes too. */
  limitBody: MiddlewareHandler;
}

/**
 * REST under /v1: the procedures that carry `openapi` meta, called through the same router,
 * context and middlewares as /trpc (API key, plan, rate limit, tenant scope, access rule), with
 * plain JSON in and out (dates as ISO-8601 strings) and the contract's error body.
 */
export function mountRest(app: Hono<AppEnv>, { deps, logger, trustProxy, limitBody }: RestOptions): void {
  const handle = createRestHandler({
    endpoint: "/v1",
    router: appRouter,
    createContext: (c) => contextFor(c, deps, trustProxy),
    // Rate-limit state set by the procedure (RateLimit-*, Retry-After).
    responseHeaders: (ctx) => ctx?.responseHeaders ?? {},
    onError: (error, path, c) => {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ err: error.cause ?? error, path, requestId: c.get("requestId") }, "procedure failed");
      }
    },
  });
  app.use("/v1/*", (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next)));
  app.all("/v1/*", async (c) => {
    const reply = await handle(c);
    // Through the context, so the headers set before (X-Request-Id) are kept.
    if (reply.status < 300) return c.newResponse(reply.body ?? null, { status: reply.status, headers: reply.headers });
    reply.headers.set("content-type", "application/json");
    const body = restErrorBody(parseJson(reply.body), c.get("requestId"));
    return c.newResponse(JSON.stringify(body), { status: reply.status, headers: reply.headers });
  });
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return null;
  }
}
