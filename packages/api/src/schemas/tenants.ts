import { z } from "zod";
import { expectedUpdated, listInput } from "./common.js";

export const tenantName = z.string().trim().min(1).max(200);

export const listTenantsInput = listInput.strict();

export const updateTenantInput = z.object({ name: tenantName, expectedUpdated }).strict();

/** The tenant's exact current name, typed by the caller, so a tenant is never deleted by a stray call. */
export const deleteTenantInput = z.object({ confirmName: z.string().min(1).max(200) }).strict();
