import { z } from "zod";
import { id } from "./common.js";

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(255)
  .pipe(z.email({ message: "must be a valid email address" }));

/** Policy rules are checked by the service; this only bounds the size. */
const password = z.string().min(1, "is required").max(256);

export const signUpInput = z
  .object({
    email,
    password,
    name: z.string().trim().min(1).max(200),
    tenantName: z.string().trim().min(1).max(200),
  })
  .strict();

export const signInInput = z
  .object({
    email,
    password,
    tenantId: id.optional(),
    totpCode: z.string().trim().max(10).optional(),
  })
  .strict();

export const switchTenantInput = z.object({ tenantId: id }).strict();

export const changePasswordInput = z.object({ currentPassword: password, newPassword: password }).strict();

export const confirmTotpInput = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, "must be 6 digits"),
  })
  .strict();

export const acceptInvitationInput = z
  .object({
    token: z.string().trim().min(1, "is required").max(200),
    password,
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
