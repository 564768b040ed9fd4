import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { UUID_PATTERN as UUID, uuidBytes, uuidOf } from "../platform/uuid-bytes.js";

/**
 * Signed tokens in the links of a sent message (unsubscribe, tracking). A token names the tenant
 * and the message and carries an HMAC-SHA256 tag over both and its purpose, so it can't be forged,
 * altered, or used for another purpose. Nothing secret is inside: the ids are not encrypted.
 *
 *   token := base64url(tenant uuid bytes ‖ message uuid bytes) "." base64url(tag, 16 bytes)
 */
export type TokenPurpose = "unsubscribe" | "open" | "click";

export interface MessageRef {
  tenantId: string;
  messageId: string;
}

const TAG_BYTES = 16;

/** The key for message tokens, derived from the server's secret so one secret serves both uses. */
export function deriveTokenKey(secret: Buffer | string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "outbound", "message-tokens", 32));
}

function tag(key: Buffer, purpose: TokenPurpose, payload: Buffer, extra: string): Buffer {
  return createHmac("sha256", key).update(`${purpose}\n${extra}\n`).update(payload).digest().subarray(0, TAG_BYTES);
}

/** `extra` binds the token to more than the message, e.g. the link a click token may lead to. */
export function signMessageToken(key: Buffer, purpose: TokenPurpose, ref: MessageRef, extra = ""): string {
  if (!UUID.test(ref.tenantId) || !UUID.test(ref.messageId)) throw new Error("message token ids must be UUIDs");
  const payload = Buffer.concat([uuidBytes(ref.tenantId), uuidBytes(ref.messageId)]);
  return `${payload.toString("base64url")}.${tag(key, purpose, payload, extra).toString("base64url")}`;
}

/** The message a token names, or null for anything forged, altered, truncated or of another purpose. */
export function verifyMessageToken(key: Buffer, purpose: TokenPurpose, token: string, extra = ""): MessageRef | null {
  const [encoded, signature, rest] = token.split(".");
  if (!encoded || !signature || rest !== undefined) return null;
  const payload = Buffer.from(encoded, "base64url");
  const given = Buffer.from(signature, "base64url");
  if (payload.length !== 32 || given.length !== TAG_BYTES) return null;
  // Canonical encodings only, so one message has exactly one token per purpose.
  if (payload.toString("base64url") !== encoded || given.toString("base64url") !== signature) return null;
  if (!timingSafeEqual(given, tag(key, purpose, payload, extra))) return null;
  return { tenantId: uuidOf(payload.subarray(0, 16)), messageId: uuidOf(payload.subarray(16)) };
}
