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
 * The REST operation of a procedure, as trpc-to-openapi reads it from `meta.openapi` (the fields
 * this project uses). Written here rather than imported so the SDK's published types, which carry
 * the router's meta type, don't import trpc-to-openapi; apps/server's tests check it fits `OpenApiMeta`.
 */
export type RestOperation = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Relative to `/v1`. */
  path: `/${string}`;
  tags?: string[];
  summary?: string;
  description?: string;
  /** Needs a credential (every REST operation here does; the access rule decides the rest). */
  protect?: boolean;
};

/** Every procedure's meta: its access rule, and for the public resources served as REST under `/v1`, the operation. */
export type ProcedureMeta = {
  access?: AccessRule;
  openapi?: RestOperation;
};
