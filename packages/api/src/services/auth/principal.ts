import type { Database } from "@outbound/db";
import { findApiKeyByHash, touchApiKey } from "@outbound/db/queries/api-keys";
import { findSessionByHash } from "@outbound/db/queries/sessions";
import { DomainError, unauthorized } from "../../errors.js";
import type { CredentialCache } from "./credential-cache.js";
import { hashToken, SESSION_TOKEN_PREFIX } from "./tokens.js";

/** Who is calling, inside exactly one tenant. */
export interface Principal {
  kind: "apiKey" | "session";
  credentialId: string;
  tenantId: string;
  userId: string | null;
  roles: readonly string[];
  scope: "read" | "write";
  /** The tenant requires two-factor sign-in and this user has not enrolled: only enrollment is open. */
  totpEnrollmentRequired: boolean;
}

/** API keys act for their tenant as an admin (never owner or billing); a read-scoped key only reads. */
const API_KEY_ROLES: Record<"read" | "write", readonly string[]> = { read: ["member"], write: ["admin"] };

export function parseBearer(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1] ?? null;
}

function refuseSuspended(suspended: Date | null, reason: string | null): void {
  if (suspended) throw new DomainError("FORBIDDEN", `This tenant is suspended${reason ? `: ${reason}` : ""}`);
}

export async function resolvePrincipal(
  db: Database,
  authorization: string | null,
  options: { now?: Date; cache?: CredentialCache | undefined } = {},
): Promise<Principal> {
  const now = options.now ?? new Date();
  const token = parseBearer(authorization);
  if (!token) throw unauthorized("Missing credential: send `Authorization: Bearer <api key or session token>`");
  return token.startsWith(SESSION_TOKEN_PREFIX)
    ? sessionPrincipal(db, token, now)
    : apiKeyPrincipal(db, token, now, options.cache);
}

async function apiKeyPrincipal(db: Database, token: string, now: Date, cache?: CredentialCache): Promise<Principal> {
  const keyHash = hashToken(token);
  let key = cache?.apiKeys.get(keyHash, now.getTime()) ?? null;
  if (!key) {
    key = await findApiKeyByHash(db, keyHash);
    if (key) cache?.apiKeys.set(keyHash, key, now.getTime());
  }
  if (!key || key.revoked || key.tenantDeleted || (key.expires && key.expires <= now)) throw unauthorized();
  refuseSuspended(key.tenantSuspended, key.tenantSuspendedReason);
  if (!key.lastUsed || now.getTime() - key.lastUsed.getTime() > 60_000) {
    await touchApiKey(db, { tenantId: key.tenantId, id: key.id, now });
    key.lastUsed = now;
  }
  const scope = key.scope === "read" ? "read" : "write";
  return {
    kind: "apiKey",
    credentialId: key.id,
    tenantId: key.tenantId,
    userId: null,
    roles: API_KEY_ROLES[scope],
    scope,
    totpEnrollmentRequired: false,
  };
}

async function sessionPrincipal(db: Database, token: string, now: Date): Promise<Principal> {
  const session = await findSessionByHash(db, hashToken(token));
  if (
    !session ||
    session.revoked ||
    session.expires <= now ||
    session.userDeleted ||
    session.tenantDeleted ||
    !session.roles ||
    session.membershipDeleted
  ) {
    throw unauthorized();
  }
  refuseSuspended(session.tenantSuspended, session.tenantSuspendedReason);
  return {
    kind: "session",
    credentialId: session.id,
    tenantId: session.tenantId,
    userId: session.userId,
    roles: session.roles,
    scope: "write",
    totpEnrollmentRequired: Boolean(session.twoFactorRequired) && !session.totpEnabled,
  };
}
