import { listPermissions } from "@outbound/db/queries/staff";
import type { TRPCRouterRecord } from "@trpc/server";
import { listByNameInput } from "../../schemas/admin-staff.js";
import { staffProcedure } from "../../trpc.js";

/** The permission catalog is seeded by releases, not edited through the API. */
export const adminPermissionsRouter = {
  list: staffProcedure("staff:manage")
    .input(listByNameInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listPermissions(ctx.db, input)),
} satisfies TRPCRouterRecord;
