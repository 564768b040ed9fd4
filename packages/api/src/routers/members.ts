import { listMembers } from "@outbound/db/queries/members";
import { getLiveTenant } from "@outbound/db/queries/tenants";
import type { TRPCRouterRecord } from "@trpc/server";
import { addMemberInput, listMembersInput, removeMemberInput, updateMemberRolesInput } from "../schemas/members.js";
import { invitationLinkFor } from "../services/auth/invitations.js";
import { addMember, removeMember, updateMemberRoles } from "../services/tenants/members.js";
import { idempotent, tenantProcedure } from "../trpc.js";

/** Memberships (`tenant_users`). Only an owner grants or removes `owner`, and a tenant always keeps one. */
export const membersRouter = {
  /** Live members, newest membership first; the cursor is the last item's `userId`. */
  list: tenantProcedure("read")
    .input(listMembersInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listMembers(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /**
   * Counted against `max_users`. An email without an account is an invitation: the answer carries
   * `inviteUrl` (signed, single use, 7 days), also mailed when platform mail is configured.
   */
  add: tenantProcedure("setup")
    .input(addMemberInput)
    .use(idempotent)
    .mutation(async ({ ctx, input }) => {
      const tenantId = ctx.tenant.id;
      const member = await addMember(ctx.once, {
        tenantId,
        callerRoles: ctx.principal.roles,
        ...input,
        now: ctx.deps.clock.now(),
      });
      const tenantName = (await getLiveTenant(ctx.db, tenantId))?.name ?? "";
      const link = await invitationLinkFor(ctx.deps, {
        tenantId,
        userId: member.userId,
        email: member.email,
        invited: member.created,
        tenantName,
      });
      return { ...member, inviteUrl: link?.inviteUrl ?? null, invitationEmailed: link?.invitationEmailed ?? false };
    }),

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
