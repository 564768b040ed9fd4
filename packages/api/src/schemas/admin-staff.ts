import { z } from "zod";
import { email } from "./auth.js";
import { expectedUpdated, id, listInput } from "./common.js";

/** A role by name, as every staff procedure addresses roles; unknown names are NOT_FOUND, not bad input. */
const roleRef = z.string().trim().min(1).max(50);
const permissionRef = z.string().trim().min(1).max(100);

/** New role names are lowercase slugs, so they read the same in grants, logs and the CLI. */
export const roleName = z
  .string()
  .trim()
  .max(50)
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a lowercase slug such as 'billing-support'");

const notes = z.string().trim().max(2000);

export const listStaffInput = listInput.strict();

export const addStaffInput = z.object({ email, role: roleRef, notes: notes.optional() }).strict();

export const updateStaffRoleInput = z.object({ userId: id, role: roleRef, expectedUpdated }).strict();

export const removeStaffInput = z.object({ userId: id }).strict();

/** Roles and permissions are few and addressed by name, so their pages are keyed by name too. */
export const listByNameInput = z
  .object({
    cursor: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const createRoleInput = z
  .object({ name: roleName, description: z.string().trim().min(1).max(500).optional() })
  .strict();

export const rolePermissionInput = z.object({ role: roleRef, permission: permissionRef }).strict();

/** What `staff:create` on the server CLI takes; also the shape the service validates. */
export const createStaffUserInput = z
  .object({
    email,
    name: z.string().trim().min(1).max(200).optional(),
    role: roleRef,
    password: z.string().min(1).max(256).optional(),
  })
  .strict();
