import type { AppRouter } from "@outbound/api";
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import { clearToken, getToken } from "./session.js";

/** Types only: `import type` keeps every line of server code out of the bundle. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type Client = ReturnType<typeof createClient>;

/** The server encodes outputs in superjson's wire format and decodes inputs with superjson. */
export function createClient(baseUrl = "") {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/trpc`,
        transformer: superjson,
        maxItems: 10,
        headers() {
          const token = getToken();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === "UNAUTHORIZED";
}

function signOutIfUnauthorized(error: unknown): void {
  if (isUnauthorized(error) && getToken()) clearToken();
}

/** An expired or revoked session anywhere sends the user back to sign in. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: signOutIfUnauthorized }),
    mutationCache: new MutationCache({ onError: signOutIfUnauthorized }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (count, error) =>
          count < 2 && !(error instanceof TRPCClientError && (error.data as { httpStatus?: number })?.httpStatus),
      },
    },
  });
}
