import { createHash, randomBytes } from "node:crypto";

/** Tokens are random; a fast hash is enough to store them, and lets a lookup be one index probe. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const API_KEY_PREFIX = "ob_live_";
export const SESSION_TOKEN_PREFIX = "ob_sess_";

export function generateApiKey(): { key: string; prefix: string; keyHash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 6), keyHash: hashToken(key) };
}

export function generateSessionToken(): { token: string; tokenHash: string } {
  const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashToken(token) };
}
