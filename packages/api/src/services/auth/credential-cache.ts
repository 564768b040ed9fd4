import type { ApiKeyRecord } from "@outbound/db/queries/api-keys";

/** How long a looked-up API key, and its tenant's rate limit, are trusted without asking the database again. */
export const CREDENTIAL_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  until: number;
}

class TtlMap<T> {
  private readonly entries = new Map<string, Entry<T>>();
  constructor(private readonly ttlMs: number) {}

  get(key: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: T, now: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, until: now + this.ttlMs });
  }

  deleteWhere(matches: (key: string, value: T) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(key, entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The plan facts every API-key call checks: its `api_access` feature and its `api_rate_limit` a minute. */
export interface ApiPlan {
  apiAccess: boolean;
  rateLimit: number;
}

/**
 * A brief memory of what API-key calls look up on every request: the key (by hash) with its
 * tenant's state, and the tenant's plan as API keys need it (`ApiPlan`). A burst of calls with
 * one key then costs no extra query. One per `AppDeps` (so per server process). A tenant's
 * mutation forgets that tenant's entries (revoking a key, deleting the tenant, changing its plan
 * are tenant mutations), a staff mutation forgets every entry (suspending a tenant, editing a
 * plan), so in this process a change holds from the next request on; what other processes or
 * background work change (a Stripe webhook, a renewal) is seen within the TTL. Key expiry dates
 * are compared on every use, never cached away. Sessions are not cached.
 */
export class CredentialCache {
  readonly apiKeys: TtlMap<ApiKeyRecord>;
  /** What API-key traffic needs of the tenant's current plan; null without a current subscription. */
  readonly apiPlans: TtlMap<ApiPlan | null>;

  constructor(ttlMs = CREDENTIAL_CACHE_TTL_MS) {
    this.apiKeys = new TtlMap(ttlMs);
    this.apiPlans = new TtlMap(ttlMs);
  }

  /** Forgets the tenant's keys and plan. */
  forgetTenant(tenantId: string): void {
    this.apiKeys.deleteWhere((_, key) => key.tenantId === tenantId);
    this.apiPlans.deleteWhere((id) => id === tenantId);
  }

  clear(): void {
    this.apiKeys.clear();
    this.apiPlans.clear();
  }
}
