import { eq } from "drizzle-orm";
import type { Database } from "../client.js";
import { permissions, staffMembers, staffRolePermissions } from "../schema/index.js";

export async function permissionsOfStaffUser(db: Database, userId: string): Promise<string[]> {
  const rows = await db
    .select({ name: permissions.name })
    .from(staffMembers)
    .innerJoin(staffRolePermissions, eq(staffRolePermissions.roleId, staffMembers.roleId))
    .innerJoin(permissions, eq(permissions.id, staffRolePermissions.permissionId))
    .where(eq(staffMembers.userId, userId));
  return rows.map((r) => r.name);
}
