export interface OutboundClientOptions {
  /** Server origin, e.g. `https://api.example.com`; `/trpc` is appended. */
  baseUrl: string;
  /**
   * An `ob_live_…` API key or a session token; sent as `Authorization: Bearer <apiKey>`. Without
   * one, public procedures (`auth.signUp`, `auth.signIn`, `billing.plans`, …) work and the rest
   * reject with `AuthenticationError`.
   */
  apiKey?: string | undefined;
  /** Replaces the global `fetch` (tests, proxies, runtimes without one). */
  fetch?: typeof globalThis.fetch | undefined;
  /** Milliseconds to wait for each attempt's response before giving up on it. Default 60 000. */
  timeoutMs?: number | undefined;
  /** Retries after a transient failure (connection, timeout, 429, 502/503/504). Default 2; 0 disables. */
  maxRetries?: number | undefined;
  /** Extra headers on every request. `Authorization`, when `apiKey` is given, is always the one built from it. */
  headers?: Record<string, string> | undefined;
}

/** Settings a derived client (`client.withOptions({...})`) may change for the calls made through it. */
export interface RequestOptions {
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

export interface ResolvedConfig {
  url: string;
  fetch: typeof globalThis.fetch | undefined;
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 2;
const MAX_RETRIES_LIMIT = 10;
/** setTimeout fires at once for larger delays. */
const MAX_TIMEOUT_MS = 2_147_483_647;

const CLIENT_OPTIONS = ["baseUrl", "apiKey", "fetch", "timeoutMs", "maxRetries", "headers"] as const;
const REQUEST_OPTIONS = ["timeoutMs", "maxRetries"] as const;

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function suggestion(name: string, allowed: readonly string[]): string {
  const lower = name.toLowerCase();
  const close = allowed.find(
    (candidate) =>
      candidate.toLowerCase().startsWith(lower) ||
      lower.startsWith(candidate.toLowerCase()) ||
      editDistance(lower, candidate.toLowerCase()) <= 2,
  );
  return close ? ` Did you mean "${close}"?` : "";
}

/**
 * Refuses keys outside `allowed`, so a misspelt option fails loudly instead of silently falling
 * back to a default (TypeScript catches literals; this catches everything else).
 */
export function assertOptions(
  where: string,
  value: unknown,
  allowed: readonly string[],
): asserts value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${where}: options must be an object`);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(
        `${where}: unknown option "${key}".${suggestion(key, allowed)} Allowed: ${allowed.join(", ")}.`,
      );
    }
  }
}

function readTimeout(where: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new TypeError(`${where}: timeoutMs must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function readMaxRetries(where: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_RETRIES_LIMIT) {
    throw new TypeError(`${where}: maxRetries must be an integer from 0 to ${MAX_RETRIES_LIMIT}, got ${String(value)}`);
  }
  return value;
}

function readHeaders(where: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${where}: headers must be an object of header names to string values`);
  }
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(value)) {
    if (typeof header !== "string") throw new TypeError(`${where}: header "${name}" must be a string`);
    // Header names are case-insensitive: a caller's `authorization` would otherwise be merged with ours.
    if (name.toLowerCase() !== "authorization") headers[name] = header;
  }
  return headers;
}

/** Validates everything at construction, so a missing env var is reported where it's read, not at the first call. */
export function resolveConfig(options: unknown): ResolvedConfig {
  const where = "createOutboundClient";
  assertOptions(where, options, CLIENT_OPTIONS);
  const { baseUrl, apiKey, fetch } = options;
  if (typeof baseUrl !== "string" || !/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new TypeError(`${where}: baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (apiKey !== undefined && (typeof apiKey !== "string" || apiKey.trim() === "")) {
    throw new TypeError(`${where}: apiKey must be a non-empty string when given (leave it out for public calls)`);
  }
  if (fetch !== undefined && typeof fetch !== "function") {
    throw new TypeError(`${where}: fetch must be a function`);
  }
  if (fetch === undefined && typeof globalThis.fetch !== "function") {
    throw new TypeError(`${where}: this runtime has no global fetch; pass one as the fetch option`);
  }
  return {
    url: `${baseUrl.replace(/\/+$/, "")}/trpc`,
    fetch: fetch as typeof globalThis.fetch | undefined,
    headers: {
      ...readHeaders(where, options.headers),
      ...(apiKey === undefined ? {} : { Authorization: `Bearer ${apiKey}` }),
    },
    timeoutMs: readTimeout(where, options.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxRetries: readMaxRetries(where, options.maxRetries, DEFAULT_MAX_RETRIES),
  };
}

export function applyRequestOptions(config: ResolvedConfig, options: unknown): ResolvedConfig {
  const where = "withOptions";
  assertOptions(where, options, REQUEST_OPTIONS);
  return {
    ...config,
    timeoutMs: readTimeout(where, options.timeoutMs, config.timeoutMs),
    maxRetries: readMaxRetries(where, options.maxRetries, config.maxRetries),
  };
}
