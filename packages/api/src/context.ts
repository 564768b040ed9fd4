import { randomBytes } from "node:crypto";
import type { Database } from "@outbound/db";
import { sql } from "drizzle-orm";
import { type Clock, systemClock } from "./clock.js";
import { CredentialCache } from "./services/auth/credential-cache.js";
import { type AuthThrottleLimits, DEFAULT_AUTH_THROTTLE } from "./services/auth/throttle.js";
import { LocalBillingProvider } from "./services/billing/local-provider.js";
import type { BillingProvider } from "./services/billing/provider.js";
import type { PlatformMailer } from "./services/platform/mail.js";
import { MemoryRateLimiter, type RateLimiter } from "./services/platform/rate-limit.js";
import type { SecretStore } from "./services/secrets/secret-store.js";

export interface AppDepsOptions {
  /** Required in production; tests may omit it and get an ephemeral store (see `ephemeralSecretStore`). */
  secrets?: SecretStore | undefined;
  /** DNS servers for domain verification (`host` or `host:port`); the system resolver when absent. */
  dnsServers?: string[] | undefined;
  /** The payment provider; the local one (no network, activates at once) when absent. */
  billing?: BillingProvider | undefined;
  /** Per-tenant API-key budgets (plan `api_rate_limit` per minute); in this process's memory when absent. */
  rateLimiter?: RateLimiter | undefined;
  /** Budgets of `auth.signIn`/`auth.signUp` per client address and per email (on `rateLimiter`); defaults when absent. */
  authThrottle?: Partial<AuthThrottleLimits> | undefined;
  /**
   * Let connection tests reach mail servers on loopback, private and link-local addresses. Off by
   * default: a hosted API must not probe its own network for tenants. The server turns it on outside production.
   */
  allowNonPublicMailHosts?: boolean | undefined;
  /** What "now" is for services and the engine; the system clock when absent. */
  clock?: Clock | undefined;
  /** Public base URL of the server, for links Outbound hands out (invitations); `http://127.0.0.1:3000` when absent. */
  publicUrl?: string | undefined;
  /** Key that signs invitation links; random per process when absent (links then die with it). */
  tokenKey?: Buffer | undefined;
  /** Outbound's own mail (invitations); without it, invitation links are only returned to the inviter. */
  mailer?: PlatformMailer | undefined;
}

/** In-memory secrets for tests and tools that never restart: lost with the process. */
export function ephemeralSecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    put: async (path, value) => {
      values.set(path, value);
    },
    get: async (path) => values.get(path) ?? null,
    delete: async (path) => {
      values.delete(path);
    },
  };
}

/** What the server hands every request; tests build one directly. */
export class AppDeps {
  readonly secrets: SecretStore;
  readonly dnsServers: string[] | null;
  readonly billing: BillingProvider;
  readonly rateLimiter: RateLimiter;
  readonly authThrottle: AuthThrottleLimits;
  readonly allowNonPublicMailHosts: boolean;
  readonly clock: Clock;
  readonly publicUrl: string;
  readonly tokenKey: Buffer;
  readonly mailer: PlatformMailer | null;
  /** API keys and plans recently looked up by this process's requests. */
  readonly credentials = new CredentialCache();

  constructor(
    readonly db: Database,
    options: AppDepsOptions = {},
  ) {
    this.secrets = options.secrets ?? ephemeralSecretStore();
    this.dnsServers = options.dnsServers ?? null;
    this.billing = options.billing ?? new LocalBillingProvider();
    this.rateLimiter = options.rateLimiter ?? new MemoryRateLimiter();
    this.authThrottle = { ...DEFAULT_AUTH_THROTTLE, ...options.authThrottle };
    this.allowNonPublicMailHosts = options.allowNonPublicMailHosts ?? false;
    this.clock = options.clock ?? systemClock;
    this.publicUrl = (options.publicUrl ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
    this.tokenKey = options.tokenKey ?? randomBytes(32);
    this.mailer = options.mailer ?? null;
  }

  /** Resolves when the database answers; the readiness probe uses it. */
  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }
}

/**
 * The root context type. It holds no server internals (`deps` is opaque here), so the
 * router type the SDK publishes never drags the database types along.
 */
export interface RequestContext {
  requestId: string;
  /** Raw `Authorization` header value, if any. */
  authorization: string | null;
  /** The `Idempotency-Key` header, if any: idempotent mutations take it as their `idempotencyKey`. */
  idempotencyKey: string | null;
  /** The caller's network address as the server saw it (or its trusted proxy said); null in process. */
  clientAddress: string | null;
  deps: unknown;
  /** Headers procedures add to the HTTP response (rate-limit state); the adapter copies them out. */
  responseHeaders: Record<string, string>;
}

export interface ContextInput {
  deps: AppDeps;
  authorization?: string | null | undefined;
  idempotencyKey?: string | null | undefined;
  clientAddress?: string | null | undefined;
  requestId?: string | undefined;
}

/** Pure: no I/O, no globals. The HTTP adapter only extracts headers and calls this. */
export function createContextInner(input: ContextInput): RequestContext {
  return {
    requestId: input.requestId ?? crypto.randomUUID(),
    authorization: input.authorization ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    clientAddress: input.clientAddress ?? null,
    deps: input.deps,
    responseHeaders: {},
  };
}
