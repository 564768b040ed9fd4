import type { TRPCRouterRecord } from "@trpc/server";
import { publicProcedure } from "../trpc.js";

export const systemRouter = {
  /** Lets a client check that it reaches an Outbound server and which API version it speaks. */
  info: publicProcedure.query(() => ({ name: "outbound", apiVersion: 1 as const })),
} satisfies TRPCRouterRecord;
