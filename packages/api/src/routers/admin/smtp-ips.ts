import { getSmtpIp } from "@outbound/db/queries/ip-pool";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../../errors.js";
import {
  createSmtpIpInput,
  listSmtpIpsInput,
  recordReputationInput,
  smtpIpIdInput,
  updateSmtpIpInput,
} from "../../schemas/admin-infra.js";
import { createSmtpIp, listSmtpIpsChecked, recordReputation, updateSmtpIpById } from "../../services/staff/ip-pool.js";
import { idempotent, staffProcedure } from "../../trpc.js";

/** Sending IPs, each on a VPS; `ipAddress` is unique across the pool (CONFLICT). `assignedCount` is kept by assignments only. */
export const adminSmtpIpsRouter = {
  list: staffProcedure("infra:read")
    .input(listSmtpIpsInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listSmtpIpsChecked(ctx.db, input)),

  get: staffProcedure("infra:read")
    .input(smtpIpIdInput)
    .query(async ({ ctx, input }) => (await getSmtpIp(ctx.db, input.id)) ?? Promise.reject(notFound("SMTP IP"))),

  create: staffProcedure("infra:write")
    .input(createSmtpIpInput)
    .use(idempotent)
    .mutation(({ ctx, input }) => ctx.once((db) => createSmtpIp(db, input))),

  update: staffProcedure("infra:write")
    .input(updateSmtpIpInput)
    .mutation(({ ctx, input }) => updateSmtpIpById(ctx.db, input)),

  /** The latest check: replaces the blacklist map and stamps `lastReputationCheck`. */
  recordReputation: staffProcedure("infra:write")
    .input(recordReputationInput)
    .mutation(({ ctx, input }) => recordReputation(ctx.db, input)),
} satisfies TRPCRouterRecord;
