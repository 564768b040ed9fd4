import { z } from "zod";
import { TENANT_ROLES } from "../access.js";
import { email } from "./auth.js";
import { expectedUpdated, id, idempotencyKey, listInput } from "./common.js";

/** At least one role; duplicates dropped and stored in TENANT_ROLES order, so equal sets compare equal. */
export const memberRoles = z
  .array(z.enum(TENANT_ROLES))
  .min(1, "needs at least one role")
  .max(TENANT_ROLES.length * 2)
  .transform((roles) => TENANT_ROLES.filter((role) => roles.includes(role)));

export const listMembersInput = listInput.strict();

export const addMemberInput = z
  .object({
    email,
    roles: memberRoles,
    /** Used only when no account has this email yet. */
    name: z.string().trim().min(1).max(200).optional(),
    idempotencyKey,
  })
  .strict();

export const updateMemberRolesInput = z.object({ userId: id, roles: memberRoles, expectedUpdated }).strict();

export const removeMemberInput = z.object({ userId: id }).strict();
