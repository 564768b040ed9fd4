import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { suppressions } from "../schema/index.js";

/**
 * The one rule of suppression, for every statement that must honour it: an address is suppressed
 * when the tenant's list holds the address itself (lower-cased) or `@` and its domain.
 */
export function isSuppressed(tenantId: AnyPgColumn | SQL | string, email: AnyPgColumn | SQL): SQL {
  return sql`exists (select 1 from ${suppressions} s where s.tenant_id = ${tenantId} and s.value in (lower(${email}), '@' || split_part(lower(${email}), '@', 2)))`;
}

/** How a value is stored: trimmed and lower-cased (an address, or `@domain`). */
export const normalizeSuppressionValue = (value: string): string => value.trim().toLowerCase();
