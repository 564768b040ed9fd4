import type { AppRouter } from "@outbound/api";
import { createTRPCClient, httpBatchLink, httpLink, splitLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import {
  applyRequestOptions,
  type OutboundClientOptions,
  type RequestOptions,
  type ResolvedConfig,
  resolveConfig,
} from "./config.js";
import { idempotencyKeyOf } from "./idempotency.js";
import { outboundLink } from "./link.js";
import { paginate } from "./pagination.js";
import { createTransport } from "./transport.js";

/** The typed procedures of the API, plus the client's own helpers. */
export type OutboundClient = TRPCClient<AppRouter> & {
  /**
   * A client for the same server and key whose calls use other settings, e.g.
   * `client.withOptions({ timeoutMs: 5_000, maxRetries: 0 }).leads.list.query()`.
   */
  withOptions(options: RequestOptions): OutboundClient;
  /** Walks every item of a list procedure with `for await`; see `paginate`. */
  paginate: typeof paginate;
};

type ClientHelpers = Omit<OutboundClient, keyof TRPCClient<AppRouter>>;
type Assert<T extends true> = T;
/** A router named like a helper would be shadowed by it; this fails to compile the day one appears. */
export type HelpersDoNotShadowRouters = Assert<
  Extract<keyof AppRouter["_def"]["record"], keyof ClientHelpers> extends never ? true : false
>;

function buildClient(config: ResolvedConfig): OutboundClient {
  const transport = createTransport(config.fetch);
  const common = { url: config.url, transformer: superjson, fetch: transport };
  const trpc = createTRPCClient<AppRouter>({
    links: [
      outboundLink(config),
      // Mutations travel alone: each gets its own retries and its own `Idempotency-Key` header.
      splitLink({
        condition: (op) => op.type === "mutation",
        true: httpLink({
          ...common,
          headers: ({ op }) => {
            const key = idempotencyKeyOf(op.input);
            return key ? { ...config.headers, "Idempotency-Key": key } : config.headers;
          },
        }),
        false: httpBatchLink({ ...common, headers: () => config.headers }),
      }),
    ],
  });
  const helpers: ClientHelpers = {
    withOptions: (options) => buildClient(applyRequestOptions(config, options)),
    paginate,
  };
  return new Proxy(trpc, {
    get: (target, key, receiver) =>
      Object.hasOwn(helpers, key) ? helpers[key as keyof ClientHelpers] : Reflect.get(target, key, receiver),
  }) as OutboundClient;
}

/**
 * A client of the Outbound API. Options are checked here: an unknown or invalid one throws a
 * `TypeError` naming it. Calls reject with `OutboundError` subclasses.
 */
export function createOutboundClient(options: OutboundClientOptions): OutboundClient {
  return buildClient(resolveConfig(options));
}
