import { listStaffMembers } from "@outbound/db/queries/staff";
import type { TRPCRouterRecord } from "@trpc/server";
import { addStaffInput, listStaffInput, removeStaffInput, updateStaffRoleInput } from "../../schemas/admin-staff.js";
import { addStaffMember, removeStaffMember, updateStaffRole } from "../../services/staff/staff-users.js";
import { staffProcedure } from "../../trpc.js";

/** Staff members (`staff_members`), addressed by user id. No one can take staff:manage from themselves. */
export const adminStaffRouter = {
  list: staffProcedure("staff:manage")
    .input(listStaffInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listStaffMembers(ctx.db, input)),

  /** The user must already have an account (any tenant); one staff role per user. */
  add: staffProcedure("staff:manage")
    .input(addStaffInput)
    .mutation(({ ctx, input }) => addStaffMember(ctx.db, input)),

  updateRole: staffProcedure("staff:manage")
    .input(updateStaffRoleInput)
    .mutation(({ ctx, input }) => updateStaffRole(ctx.db, { actorUserId: ctx.staff.userId, ...input })),

  remove: staffProcedure("staff:manage")
    .input(removeStaffInput)
    .mutation(({ ctx, input }) => removeStaffMember(ctx.db, { actorUserId: ctx.staff.userId, userId: input.userId })),
} satisfies TRPCRouterRecord;
