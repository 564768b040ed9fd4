import { createHmac, timingSafeEqual } from "node:crypto";
import { UUID_PATTERN, uuidBytes, uuidOf } from "../platform/uuid-bytes.js";

/**
 * The token of an invitation link: names the tenant, the invited user and when it expires, with
 * an HMAC-SHA256 tag, so it can't be forged, altered or extended. It is single use because
 * accepting gives the user a password, and only a user without one can accept.
 *
 *   token := base64url(tenant uuid ‖ user uuid ‖ expiry, unix seconds as 8 bytes) "." base64url(tag, 16 bytes)
 */
export interface Invitation {
  tenantId: string;
  userId: string;
  expires: Date;
}

const PAYLOAD_BYTES = 40;
const TAG_BYTES = 16;

const tag = (key: Buffer, payload: Buffer): Buffer =>
  createHmac("sha256", key).update("invitation\n").update(payload).digest().subarray(0, TAG_BYTES);

export function signInvitation(key: Buffer, invitation: Invitation): string {
  if (!UUID_PATTERN.test(invitation.tenantId) || !UUID_PATTERN.test(invitation.userId)) {
    throw new Error("invitation ids must be UUIDs");
  }
  const expiry = Buffer.alloc(8);
  expiry.writeBigUInt64BE(BigInt(Math.floor(invitation.expires.getTime() / 1000)));
  const payload = Buffer.concat([uuidBytes(invitation.tenantId), uuidBytes(invitation.userId), expiry]);
  return `${payload.toString("base64url")}.${tag(key, payload).toString("base64url")}`;
}

/** What the token says, or null when it was not signed with `key` as it stands (expiry is the caller's check). */
export function readInvitation(key: Buffer, token: string): Invitation | null {
  const [encoded, signature, rest] = token.split(".");
  if (!encoded || !signature || rest !== undefined) return null;
  const payload = Buffer.from(encoded, "base64url");
  const given = Buffer.from(signature, "base64url");
  if (payload.length !== PAYLOAD_BYTES || given.length !== TAG_BYTES) return null;
  if (payload.toString("base64url") !== encoded || given.toString("base64url") !== signature) return null;
  if (!timingSafeEqual(given, tag(key, payload))) return null;
  return {
    tenantId: uuidOf(payload.subarray(0, 16)),
    userId: uuidOf(payload.subarray(16, 32)),
    expires: new Date(Number(payload.readBigUInt64BE(32)) * 1000),
  };
}
