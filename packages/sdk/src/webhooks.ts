/** The events Outbound delivers to webhook endpoints. */
export type WebhookEventType =
  | "message.sent"
  | "message.bounced"
  | "lead.replied"
  | "lead.unsubscribed"
  | "lead.opened"
  | "lead.clicked"
  | "campaign.completed";

/** What a webhook request's body holds: `created` is an ISO 8601 timestamp, `id` is the same on every retry. */
export interface WebhookEvent<TData = Record<string, unknown>> {
  id: string;
  type: WebhookEventType;
  created: string;
  data: TData;
}

export type WebhookVerificationFailure = "malformed_header" | "no_matching_signature" | "timestamp_out_of_tolerance";

/** Thrown by `verifyWebhook` for a request that must not be trusted; `reason` says why. */
export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
  constructor(
    readonly reason: WebhookVerificationFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyWebhookOptions {
  /** How old (or how far in the future) the signed timestamp may be; 300 s by default. */
  toleranceSeconds?: number;
  /** "Now", for tests; the system clock by default. */
  now?: Date | number;
}

export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value, ...rest] = part.trim().split("=");
    if (!key || value === undefined || rest.length > 0) return null;
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

const hexBytes = (hex: string): Uint8Array =>
  Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));

/** The slice of Web Crypto used here, typed locally so the SDK needs no DOM types. */
interface HmacSubtle {
  importKey(
    format: "raw",
    key: Uint8Array,
    algorithm: { name: "HMAC"; hash: "SHA-256" },
    extractable: false,
    usages: ["verify"],
  ): Promise<unknown>;
  verify(algorithm: "HMAC", key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

function subtle(): HmacSubtle {
  const webCrypto = (globalThis as { crypto?: { subtle?: HmacSubtle } }).crypto;
  if (!webCrypto?.subtle)
    throw new Error("verifyWebhook needs Web Crypto (Node.js 19 or later, a browser or an edge runtime)");
  return webCrypto.subtle;
}

/**
 * Checks an `Outbound-Signature: t=<unix seconds>,v1=<hex>` header against the raw request body
 * (exactly the bytes received, before any JSON parsing) and resolves to the parsed event. `v1` is
 * HMAC-SHA256 of `"<t>.<body>"` keyed with the endpoint's secret; while a rotated secret is still
 * valid the header carries one `v1` per secret, and any match is enough. Pass several secrets to
 * accept any of them. Rejects with `WebhookVerificationError` for a bad header, a mismatch, or a
 * timestamp outside the tolerance (a replay of an old request). Uses Web Crypto, so it runs in
 * Node.js, browsers and edge runtimes alike; comparisons are constant-time (`subtle.verify`).
 */
export async function verifyWebhook<TData = Record<string, unknown>>(
  body: string | Uint8Array,
  signatureHeader: string | null | undefined,
  secret: string | readonly string[],
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent<TData>> {
  const parsed = signatureHeader ? parseHeader(signatureHeader) : null;
  if (!parsed) {
    throw new WebhookVerificationError("malformed_header", "The Outbound-Signature header is missing or malformed");
  }
  const encoder = new TextEncoder();
  const raw = typeof body === "string" ? encoder.encode(body) : body;
  const prefix = encoder.encode(`${parsed.timestamp}.`);
  const signed = new Uint8Array(prefix.length + raw.length);
  signed.set(prefix);
  signed.set(raw, prefix.length);
  const crypto = subtle();
  let matches = false;
  for (const key of typeof secret === "string" ? [secret] : secret) {
    const hmac = await crypto.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, [
      "verify",
    ]);
    for (const given of parsed.signatures) {
      if (await crypto.verify("HMAC", hmac, hexBytes(given), signed)) matches = true;
    }
  }
  if (!matches) {
    throw new WebhookVerificationError("no_matching_signature", "No signature matches the body for this secret");
  }
  const now = options.now === undefined ? Date.now() : new Date(options.now).getTime();
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(Math.floor(now / 1000) - parsed.timestamp) > tolerance) {
    throw new WebhookVerificationError(
      "timestamp_out_of_tolerance",
      `The signature's timestamp is more than ${tolerance}s away from now: a replayed or delayed request`,
    );
  }
  return JSON.parse(new TextDecoder().decode(raw)) as WebhookEvent<TData>;
}
