import type { httpLink } from "@trpc/client";

/** The `fetch` tRPC's HTTP links accept. */
export type LinkFetch = NonNullable<Parameters<typeof httpLink>[0]["fetch"]>;

export interface HeadersLike {
  get(name: string): string | null;
}

/** The response the links see: the body is already read, so a cut-off body fails here, as a connection error. */
export interface WireResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: HeadersLike;
  json(): Promise<unknown>;
}

/** A response arrived but its body isn't JSON: a proxy's or load balancer's page, not the API's answer. */
export class UnexpectedResponse extends Error {
  override name = "UnexpectedResponse";
  constructor(
    readonly status: number,
    readonly headers: HeadersLike,
    body: string,
  ) {
    const excerpt = body.trim().slice(0, 200);
    super(`Unexpected HTTP ${status} response that is not the API's${excerpt ? `: ${excerpt}` : ""}`);
  }
}

/** No complete response: the request never reached the server, or the answer was cut off. */
export class NetworkFailure extends Error {
  override name = "NetworkFailure";
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici reports "fetch failed" and hides the reason (ECONNREFUSED, socket closed) in `cause`.
  const inner = error.cause instanceof Error ? error.cause : undefined;
  const code = (inner as { code?: unknown } | undefined)?.code;
  const reason = inner ? ` (${typeof code === "string" ? `${code}: ` : ""}${inner.message})` : "";
  return `${error.message}${reason}`;
}

/**
 * Wraps the caller's `fetch` (or the global one, looked up per call) so every failure is one of
 * three kinds the error mapping can tell apart: an abort (rethrown as is), a `NetworkFailure`,
 * or an `UnexpectedResponse`; anything else is a parsed JSON body for tRPC to read.
 */
export function createTransport(customFetch: typeof globalThis.fetch | undefined): LinkFetch {
  return async (input, init) => {
    const request = init as RequestInit | undefined;
    const aborted = () => request?.signal?.aborted === true;
    let text: string;
    let response: Response;
    try {
      // Called as a method of globalThis: browsers throw "Illegal invocation" for a detached fetch.
      response = customFetch ? await customFetch(input, request) : await globalThis.fetch(input, request);
      text = await response.text();
    } catch (error) {
      if (aborted()) throw error;
      // The query string carries the input (emails, search terms): keep it out of messages and logs.
      const url = String(input).split("?")[0];
      throw new NetworkFailure(`Could not complete the request to ${url}: ${describeFailure(error)}`, {
        cause: error,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new UnexpectedResponse(response.status, response.headers, text);
    }
    return { ok: response.ok, status: response.status, headers: response.headers, json: async () => body };
  };
}
