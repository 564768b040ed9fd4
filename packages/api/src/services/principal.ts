import type { Database } from "@outbound/db";
import { findApiKeyByHash, touchApiKey } from "@outbound/db/queries/credentials";
import { DomainError, unauthorized } from "../errors.js";
import { hashToken } from "./tokens.js";

/** Who is calling, inside exactly one tenant. */
export interface Principal {
  kind: "apiKey" | "session";
  credentialId: string;
  tenantId: string;
  userId: string | null;
  roles: readonly string[];
  scope: "read" | "write";
}

/** API keys act for their tenant as an admin (never owner or billing); a read-scoped key only reads. */
const API_KEY_ROLES: Record<"read" | "write", readonly string[]> = { read: ["member"], write: ["admin"] };

export function parseBearer(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1] ?? null;
}

export async function resolvePrincipal(
  db: Database,
  authorization: string | null,
  now = new Date(),
): Promise<Principal> {
  const token = parseBearer(authorization);
  if (!token) throw unauthorized("Missing credential: send `Authorization: Bearer <api key or session token>`");
  const key = await findApiKeyByHash(db, hashToken(token));
  if (!key || key.revoked || key.tenantDeleted || (key.expires && key.expires <= now)) throw unauthorized();
  if (key.tenantSuspended) {
    throw new DomainError(
      "FORBIDDEN",
      `This tenant is suspended${key.tenantSuspendedReason ? `: ${key.tenantSuspendedReason}` : ""}`,
    );
  }
  if (!key.lastUsed || now.getTime() - key.lastUsed.getTime() > 60_000) {
    await touchApiKey(db, { tenantId: key.tenantId, id: key.id, now });
  }
  const scope = key.scope === "read" ? "read" : "write";
  return {
    kind: "apiKey",
    credentialId: key.id,
    tenantId: key.tenantId,
    userId: null,
    roles: API_KEY_ROLES[scope],
    scope,
  };
}
