import { leadsRouter } from "./routers/leads.js";
import { systemRouter } from "./routers/system.js";
import { createRouter } from "./trpc.js";

export const appRouter = createRouter({
  system: systemRouter,
  leads: leadsRouter,
});

export type AppRouter = typeof appRouter;
