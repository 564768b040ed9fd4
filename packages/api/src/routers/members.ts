import { listMembers } from "@outbound/db/queries/members";
import type { TRPCRouterRecord } from "@trpc/server";
import { addMemberInput, listMembersInput, removeMemberInput, updateMemberRolesInput } from "../schemas/members.js";
import { addMember, removeMember, updateMemberRoles } from "../services/members.js";
import { tenantProcedure } from "../trpc.js";

/** Memberships (`tenant_users`). Only an owner grants or removes `owner`, and a tenant always keeps one. */
export const membersRouter = {
  /** Live members, newest membership first; the cursor is the last item's `userId`. */
  list: tenantProcedure("read")
    .input(listMembersInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listMembers(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Counted against `max_users`; an email without an account becomes an invited user without a password. */
  add: tenantProcedure("setup")
    .input(addMemberInput)
    .mutation(({ ctx, input }) =>
      addMember(ctx.db, { tenantId: ctx.tenant.id, callerRoles: ctx.principal.roles, ...input }),
    ),

  updateRoles: tenantProcedure("setup")
    .input(updateMemberRolesInput)
    .mutation(({ ctx, input }) =>
      updateMemberRoles(ctx.db, { tenantId: ctx.tenant.id, callerRoles: ctx.principal.roles, ...input }),
    ),

  /** Soft; the member's sessions in this tenant end at once. */
  remove: tenantProcedure("setup")
    .input(removeMemberInput)
    .mutation(({ ctx, input }) =>
      removeMember(ctx.db, { tenantId: ctx.tenant.id, callerRoles: ctx.principal.roles, userId: input.userId }),
    ),
} satisfies TRPCRouterRecord;
