import type { AppRouter, ErrorData } from "@outbound/api";
import { createTRPCClient, httpBatchLink, type TRPCClient, TRPCClientError } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";

export type { AppRouter, ErrorData };
export { TRPCClientError };

/** Inputs of every procedure, e.g. `RouterInputs["leads"]["create"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, e.g. `RouterOutputs["leads"]["list"]["items"][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type OutboundClient = TRPCClient<AppRouter>;
/** What every failed call rejects with; `error.data` carries the contract's code, field errors and details. */
export type OutboundClientError = TRPCClientError<AppRouter>;

export interface OutboundClientOptions {
  /** Server origin, e.g. `https://api.example.com`; `/trpc` is appended. */
  baseUrl: string;
  /** An `ob_live_…` API key or a session token; sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Replaces the global `fetch` (tests, proxies, runtimes without one). */
  fetch?: typeof globalThis.fetch | undefined;
  /** Extra headers on every request. `Authorization` is always the one built from `apiKey`. */
  headers?: Record<string, string> | undefined;
}

export function createOutboundClient(options: OutboundClientOptions): OutboundClient {
  const { baseUrl, apiKey } = options;
  // Fail at construction, not at the first call, so a missing env var is reported where it's read.
  if (typeof baseUrl !== "string" || !/^https?:\/\//.test(baseUrl)) {
    throw new TypeError(`createOutboundClient: baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new TypeError("createOutboundClient: apiKey is required");
  }
  // Header names are case-insensitive: a caller's `authorization` would otherwise be merged with ours.
  const extra = Object.entries(options.headers ?? {}).filter(([name]) => name.toLowerCase() !== "authorization");
  const headers = { ...Object.fromEntries(extra), Authorization: `Bearer ${apiKey}` };
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl.replace(/\/+$/, "")}/trpc`,
        transformer: superjson,
        headers: () => headers,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}
