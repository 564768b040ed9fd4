import { authRouter } from "./routers/auth.js";
import { leadsRouter } from "./routers/leads.js";
import { systemRouter } from "./routers/system.js";
import { createRouter } from "./trpc.js";

export const appRouter = createRouter({
  system: systemRouter,
  auth: authRouter,
  leads: leadsRouter,
});

export type AppRouter = typeof appRouter;
