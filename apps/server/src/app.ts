import { type AppDeps, appRouter, handleStripeWebhook } from "@outbound/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { mountDashboard } from "./dashboard.js";
import { mountDocs } from "./docs-routes.js";
import type { Logger } from "./logger.js";
import { type AppEnv, contextFor } from "./request-context.js";
import { mountRest } from "./rest-routes.js";
import { mountTracking } from "./tracking-routes.js";
import { mountUnsubscribe } from "./unsubscribe-routes.js";

export interface AppOptions {
  deps: AppDeps;
  logger: Logger;
  bodyLimitBytes?: number;
  /** Built dashboard to serve at /app (apps/dashboard/dist); absent, /app is not served. */
  dashboardDir?: string;
  /** Behind a reverse proxy: take the client's address from the `X-Forwarded-For` it appends. */
  trustProxy?: boolean;
}

/** The path as logged: the signed tokens of unsubscribe and tracking links never reach a log line. */
export const loggablePath = (path: string): string => path.replace(/^\/(u|t\/[oc])\/[^/]+/, "/$1/:token");

/** The HTTP surface: tRPC at /trpc, REST at /v1 with its docs, probes, and JSON errors for everything else. No listening here. */
export function createApp({
  deps,
  logger,
  bodyLimitBytes = 8 * 1024 * 1024,
  dashboardDir,
  trustProxy = false,
}: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        path: loggablePath(c.req.path),
        status: c.res.status,
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
      },
      "request",
    );
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    try {
      await deps.ping();
      return c.json({ status: "ready" });
    } catch (error) {
      logger.warn({ err: error, requestId: c.get("requestId") }, "database not reachable");
      return c.json({ status: "unavailable", reason: "database not reachable" }, 503);
    }
  });

  // The raw body is what Stripe signed: it is read as text and verified before anything parses it.
  app.post(
    "/webhooks/stripe",
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: (c) => c.json({ error: { code: "PAYLOAD_TOO_LARGE", message: "Webhook body too large" } }, 413),
    }),
    async (c) => {
      const outcome = await handleStripeWebhook(deps, await c.req.text(), c.req.header("stripe-signature") ?? null);
      if (outcome.status === 400)
        logger.warn({ requestId: c.get("requestId") }, "stripe webhook refused: bad signature");
      return c.json(outcome.body, outcome.status);
    },
  );

  const limitBody = bodyLimit({
    maxSize: bodyLimitBytes,
    onError: (c) =>
      c.json(
        {
          error: {
            code: "PAYLOAD_TOO_LARGE",
            message: `Body over ${bodyLimitBytes} bytes`,
            requestId: c.get("requestId"),
          },
        },
        413,
      ),
  });
  // Queries (GET) carry no body; asking for one would make the Node adapter build a full Fetch
  // Request for every query (4 % of the server's CPU under a leads.list load).
  app.use("/trpc/*", (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next)));
  app.all("/trpc/*", (c) =>
    fetchRequestHandler({
      endpoint: "/trpc",
      req: c.req.raw,
      router: appRouter,
      createContext: () => contextFor(c, deps, trustProxy),
      // Rate-limit headers set by the procedures; a batch shares one context, so they hold its last state.
      responseMeta: ({ ctx }) => ({ headers: new Headers(ctx?.responseHeaders ?? {}) }),
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ err: error.cause ?? error, path, requestId: c.get("requestId") }, "procedure failed");
        }
      },
    }),
  );

  mountRest(app, { deps, logger, trustProxy, limitBody });
  mountDocs(app, deps);
  mountUnsubscribe(app, deps);
  mountTracking(app, deps);
  if (dashboardDir) mountDashboard(app, dashboardDir);

  app.notFound((c) =>
    c.json({ error: { code: "NOT_FOUND", message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((error, c) => {
    logger.error({ err: error, requestId: c.get("requestId") }, "unhandled error");
    return c.json({ error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error" } }, 500);
  });
  return app;
}
