import { toPage } from "@outbound/db/queries/pagination";
import { getVps, listVps } from "@outbound/db/queries/vps";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../../errors.js";
import {
  createVpsInput,
  listVpsInput,
  scheduleDecommissionInput,
  updateVpsInput,
  vpsIdInput,
} from "../../schemas/admin-infra.js";
import { createVps, scheduleDecommission, updateVpsById } from "../../services/staff/vps.js";
import { idempotent, staffProcedure } from "../../trpc.js";

/** Sending servers (`vps_instances`). Money is an exact decimal string; `hostwindsInstanceId` is unique (CONFLICT). */
export const adminVpsRouter = {
  list: staffProcedure("infra:read")
    .input(listVpsInput.default({ limit: 50 }))
    .query(async ({ ctx, input }) => toPage(await listVps(ctx.db, input), input.limit)),

  get: staffProcedure("infra:read")
    .input(vpsIdInput)
    .query(async ({ ctx, input }) => (await getVps(ctx.db, input.id)) ?? Promise.reject(notFound("VPS"))),

  /** Idempotency keys of staff creates are scoped to the tenant the staff member is signed in to. */
  create: staffProcedure("infra:write")
    .input(createVpsInput)
    .use(idempotent)
    .mutation(({ ctx, input }) => ctx.once((db) => createVps(db, input))),

  /** Setting `decommissioned` is CONFLICT (with `details.blockers`) while its IPs carry active assignments. */
  update: staffProcedure("infra:write")
    .input(updateVpsInput)
    .mutation(({ ctx, input: { id, expectedUpdated, ...values } }) =>
      updateVpsById(ctx.db, { id, values, expectedUpdated }),
    ),

  /** `at` must be in the future; CONFLICT listing active assignments unless `force`, which releases them. */
  scheduleDecommission: staffProcedure("infra:write")
    .input(scheduleDecommissionInput)
    .mutation(({ ctx, input }) => scheduleDecommission(ctx.db, input)),
} satisfies TRPCRouterRecord;
