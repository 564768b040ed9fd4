import type { AppRouter, RequestContext } from "@outbound/api";
import { TRPCError } from "@trpc/server";
import type { NodeHTTPResponse } from "@trpc/server/adapters/node-http";
import type { Context } from "hono";
import type { StatusCode } from "hono/utils/http-status";
import { createOpenApiNodeHttpHandler, type NodeHTTPRequest } from "trpc-to-openapi";
import type { AppEnv } from "./request-context.js";
import { scopeRestCoercion, withRestCoercion } from "./rest-coercion.js";

export interface RestHandlerOptions {
  /** Where REST is mounted (`/v1`): the procedures' `openapi` paths are below it. */
  endpoint: `/${string}`;
  router: AppRouter;
  createContext(c: Context<AppEnv>): RequestContext;
  /** Headers for the answer from the procedure's context (rate-limit state), also on errors. */
  responseHeaders(ctx: RequestContext | undefined): Record<string, string>;
  onError(error: TRPCError, path: string | undefined, c: Context<AppEnv>): void;
}

/** What the adapter answered, before the caller turns it into a Response. */
export interface RestReply {
  status: StatusCode;
  headers: Headers;
  /** The JSON text the adapter wrote (undefined for a bodiless answer). */
  body: string | undefined;
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; cause: unknown };

/**
 * trpc-to-openapi's node-http handler, created once, fed with Hono's fetch Request.
 *
 * `createOpenApiFetchHandler` builds a new node-http handler on every request, and building one
 * (outside NODE_ENV=production) generates the whole OpenAPI document to validate the router and
 * rebuilds the path cache: ~10 ms a request. The handler accepts a fetch `Request` in place of an
 * IncomingMessage (it reads the content type and the abort signal from it), so this passes a view
 * of the Hono request with the path below `endpoint` and the already parsed body, and collects
 * what the handler writes to its response.
 */
export function createRestHandler(options: RestHandlerOptions): (c: Context<AppEnv>) => Promise<RestReply> {
  // The handler hands its request to createContext and onError; this finds the Hono context again.
  const honoContexts = new WeakMap<object, Context<AppEnv>>();
  const contextOf = (req: object): Context<AppEnv> => {
    const c = honoContexts.get(req);
    if (!c) throw new Error("REST request without its Hono context");
    return c;
  };
  scopeRestCoercion(options.router);
  const handler = createOpenApiNodeHttpHandler({
    router: options.router,
    createContext: ({ req }) => options.createContext(contextOf(req)),
    responseMeta: ({ ctx }) => ({ headers: options.responseHeaders(ctx) }),
    onError: ({ error, path, req }) => options.onError(error, path, contextOf(req)),
  });

  return async (c) => {
    const raw = c.req.raw;
    const url = new URL(raw.url);
    url.pathname = url.pathname.slice(options.endpoint.length) || "/";
    const { headers, body } = await readJsonBody(raw);
    const request = requestView(raw, url.toString(), headers, body);
    honoContexts.set(request, c);
    const response = new CollectedResponse();
    // The fetch Request stands in for an IncomingMessage: the handler checks `instanceof Request`
    // before it touches anything Node-specific, and reads `url`, `method`, `headers`, `body`, `query`.
    await withRestCoercion(() =>
      handler(request as unknown as NodeHTTPRequest, response as unknown as NodeHTTPResponse),
    );
    if (!response.reply) throw new Error("the REST handler returned without answering");
    return response.reply;
  };
}

/**
 * The request the handler sees: Hono's Request with the URL below the mount point, the given
 * headers, and `body` as parsed JSON. A body that is not JSON throws PARSE_ERROR when the
 * handler reads it, as trpc-to-openapi's own fetch adapter does.
 */
function requestView(raw: Request, url: string, headers: Headers, body: ParsedBody): Request {
  return new Proxy(raw, {
    get(target, property) {
      if (property === "url") return url;
      if (property === "headers") return headers;
      if (property === "body") {
        if (!body.ok) {
          throw new TRPCError({ code: "PARSE_ERROR", message: "Failed to parse request body", cause: body.cause });
        }
        return body.value;
      }
      // Request's getters and methods check their receiver: call them on the real Request.
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * A POST or PATCH with no body at all (`curl -X POST …/launch`) is an empty JSON object, so
 * actions that need nothing but the path don't need a body and a content type; any other body
 * is parsed as JSON when it says it is (the handler refuses every other content type).
 */
async function readJsonBody(request: Request): Promise<{ headers: Headers; body: ParsedBody }> {
  const { method } = request;
  if (method === "GET" || method === "HEAD" || method === "DELETE") {
    return { headers: request.headers, body: { ok: true, value: undefined } };
  }
  const text = await request.text();
  let headers = request.headers;
  if ((method === "POST" || method === "PATCH") && text === "") {
    if (!headers.has("content-type")) {
      headers = new Headers(headers);
      headers.set("content-type", "application/json");
    }
    return { headers, body: { ok: true, value: {} } };
  }
  if (!headers.get("content-type")?.includes("application/json")) {
    return { headers, body: { ok: true, value: undefined } };
  }
  try {
    return { headers, body: { ok: true, value: JSON.parse(text) } };
  } catch (cause) {
    return { headers, body: { ok: false, cause } };
  }
}

/** The part of a ServerResponse the handler uses: a status, headers, and one `end(body)`. */
class CollectedResponse {
  statusCode = 200;
  readonly headers = new Headers();
  reply: RestReply | undefined;

  setHeader(name: string, value: string | readonly string[]): void {
    if (typeof value === "string") {
      this.headers.set(name, value);
      return;
    }
    this.headers.delete(name);
    for (const item of value) this.headers.append(name, item);
  }

  end(body?: string): void {
    // The handler only sets 200, 204 and the statuses of tRPC error codes.
    this.reply = { status: this.statusCode as StatusCode, headers: this.headers, body };
  }
}
