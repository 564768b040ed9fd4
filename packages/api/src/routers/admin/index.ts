import type { TRPCRouterRecord } from "@trpc/server";
import { adminPermissionsRouter } from "./permissions.js";
import { adminRolesRouter } from "./roles.js";
import { adminStaffRouter } from "./staff.js";

/** Staff-only procedures (`admin.*`), one file per area; each procedure is gated by a staff permission. */
export const adminRouter = {
  staff: adminStaffRouter,
  roles: adminRolesRouter,
  permissions: adminPermissionsRouter,
} satisfies TRPCRouterRecord;
