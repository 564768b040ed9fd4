import { listApiKeys } from "@outbound/db/queries/api-keys";
import type { TRPCRouterRecord } from "@trpc/server";
import { createApiKeyInput, listApiKeysInput, revokeApiKeyInput } from "../schemas/api-keys.js";
import { createApiKey, revokeApiKeyById } from "../services/auth/api-keys.js";
import { idempotent, tenantProcedure } from "../trpc.js";

export const apiKeysRouter = {
  /** Every key of the tenant, newest first, revoked ones included; never a secret or its hash. */
  list: tenantProcedure("setup")
    .input(listApiKeysInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listApiKeys(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** `key` is the secret, shown only in this answer (null when replayed by idempotency key); needs `api_access`. */
  create: tenantProcedure("setup")
    .input(createApiKeyInput)
    .use(idempotent)
    .mutation(({ ctx, input }) =>
      createApiKey(ctx.once, { tenantId: ctx.tenant.id, createdByUserId: ctx.principal.userId, ...input }),
    ),

  /** Idempotent: revoking a revoked key answers it unchanged. */
  revoke: tenantProcedure("setup")
    .input(revokeApiKeyInput)
    .mutation(({ ctx, input }) => revokeApiKeyById(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),
} satisfies TRPCRouterRecord;
