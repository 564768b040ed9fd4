import { listStaffRoles } from "@outbound/db/queries/staff";
import type { TRPCRouterRecord } from "@trpc/server";
import { createRoleInput, listByNameInput, rolePermissionInput } from "../../schemas/admin-staff.js";
import { createStaffRole, grantPermission, revokePermission } from "../../services/staff/staff-users.js";
import { staffProcedure } from "../../trpc.js";

/** Staff roles and their permission grants, addressed by name; a grant takes effect on the next request. */
export const adminRolesRouter = {
  list: staffProcedure("staff:manage")
    .input(listByNameInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listStaffRoles(ctx.db, input)),

  create: staffProcedure("staff:manage")
    .input(createRoleInput)
    .mutation(({ ctx, input }) => createStaffRole(ctx.db, input)),

  grant: staffProcedure("staff:manage")
    .input(rolePermissionInput)
    .mutation(({ ctx, input }) => grantPermission(ctx.db, input)),

  /** Refused for superadmin (it holds every permission by definition). */
  revoke: staffProcedure("staff:manage")
    .input(rolePermissionInput)
    .mutation(({ ctx, input }) => revokePermission(ctx.db, { actorUserId: ctx.staff.userId, ...input })),
} satisfies TRPCRouterRecord;
