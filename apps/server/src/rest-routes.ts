import { type AppDeps, appRouter } from "@outbound/api";
import type { Hono, MiddlewareHandler } from "hono";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import type { Logger } from "./logger.js";
import { type AppEnv, contextFor } from "./request-context.js";
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
  app.use("/v1/*", (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next)));
  app.all("/v1/*", async (c) => {
    const requestId = c.get("requestId");
    const answer = await createOpenApiFetchHandler({
      endpoint: "/v1",
      req: await withJsonBody(c.req.raw),
      router: appRouter,
      createContext: () => contextFor(c, deps, trustProxy),
      // Rate-limit state set by the procedure (RateLimit-*, Retry-After).
      responseMeta: ({ ctx }) => ({ headers: ctx?.responseHeaders ?? {} }),
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          logger.error({ err: error.cause ?? error, path, requestId }, "procedure failed");
        }
      },
    });
    if (answer.ok) return answer;
    const headers = new Headers(answer.headers);
    headers.delete("content-length");
    headers.set("content-type", "application/json");
    const body = restErrorBody(await answer.json().catch(() => null), requestId);
    return new Response(JSON.stringify(body), { status: answer.status, headers });
  });
}

/**
 * A POST or PATCH with no body at all (`curl -X POST …/launch`) is an empty JSON object, so
 * actions that need nothing but the path don't need a body and a content type; any other body
 * goes to the adapter as sent (which refuses what is not JSON).
 */
async function withJsonBody(request: Request): Promise<Request> {
  if (request.method !== "POST" && request.method !== "PATCH") return request;
  const text = await request.text();
  const headers = new Headers(request.headers);
  if (text === "" && !headers.has("content-type")) headers.set("content-type", "application/json");
  return new Request(request.url, { method: request.method, headers, body: text === "" ? "{}" : text });
}
