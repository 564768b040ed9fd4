import type { TRPCRouterRecord } from "@trpc/server";
import {
  assignIpInput,
  listAssignmentsInput,
  releaseAssignmentInput,
  updateWarmupInput,
} from "../../schemas/admin-infra.js";
import { assignIp, listAssignmentsChecked, releaseIp, updateWarmup } from "../../services/staff/ip-pool.js";
import { staffProcedure } from "../../trpc.js";

/**
 * Which domain sends from which IP. Staff act across tenants, so inputs name the tenant; an id
 * of another tenant than `tenantId` is NOT_FOUND. Tenants see only their domain's IP address
 * and warmup state, through `domains.get`.
 */
export const adminIpAssignmentsRouter = {
  list: staffProcedure("infra:read")
    .input(listAssignmentsInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listAssignmentsChecked(ctx.db, input)),

  /**
   * The healthy IP with the fewest assignments; safe under concurrency. CONFLICT when the domain
   * already has an active assignment or no IP is healthy.
   */
  assign: staffProcedure("infra:write")
    .input(assignIpInput)
    .mutation(({ ctx, input }) => assignIp(ctx.db, input)),

  /** CONFLICT when already released. */
  release: staffProcedure("infra:write")
    .input(releaseAssignmentInput)
    .mutation(({ ctx, input }) => releaseIp(ctx.db, input)),

  /** new → warming → warm; any state may pause; paused resumes to warming. Others are CONFLICT. */
  updateWarmup: staffProcedure("infra:write")
    .input(updateWarmupInput)
    .mutation(({ ctx, input }) => updateWarmup(ctx.db, input)),
} satisfies TRPCRouterRecord;
