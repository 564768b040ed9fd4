import type { OpenApiMeta } from "trpc-to-openapi";

/** Roles a membership (`tenant_users.roles`) can hold. */
export const TENANT_ROLES = ["owner", "admin", "member", "billing"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/**
 * What a tenant procedure needs, from CONTRACT.md "Access":
 * read: any member · content: member and up · setup: admin and up · billing: owner or billing · owner: owner.
 */
export type TenantLevel = "read" | "content" | "setup" | "billing" | "owner";

const ROLES_FOR_LEVEL: Record<TenantLevel, readonly TenantRole[]> = {
  read: TENANT_ROLES,
  content: ["owner", "admin", "member"],
  setup: ["owner", "admin"],
  billing: ["owner", "billing"],
  owner: ["owner"],
};

export function rolesAllow(roles: readonly string[], level: TenantLevel): boolean {
  const allowed: readonly string[] = ROLES_FOR_LEVEL[level];
  return roles.some((role) => allowed.includes(role));
}

/** The access rule every procedure declares through its builder; the security suite reads it from `_def.meta`. */
export type AccessRule =
  | { kind: "public" }
  | { kind: "authed" }
  | { kind: "tenant"; level: TenantLevel }
  | { kind: "staff"; permission: string };

/**
 * Every procedure's meta: its access rule, and for the public resources served as REST under
 * `/v1` (apps/server/src/rest-routes.ts) the `openapi` operation: method, path, tags, summary.
 */
export type ProcedureMeta = OpenApiMeta<{ access?: AccessRule }>;
