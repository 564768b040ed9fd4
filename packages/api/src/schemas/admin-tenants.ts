import { z } from "zod";
import { id, listInput } from "./common.js";

export const listTenantsInput = listInput
  .extend({
    search: z.string().trim().min(1).max(200).optional(),
    plan: z.string().trim().min(1).max(100).optional(),
    status: z.enum(["active", "suspended", "deleted"]).optional(),
  })
  .strict();

export const tenantIdInput = z.object({ tenantId: id }).strict();

export const suspendTenantInput = z.object({ tenantId: id, reason: z.string().trim().min(1).max(500) }).strict();
