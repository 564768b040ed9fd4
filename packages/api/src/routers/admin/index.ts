import type { TRPCRouterRecord } from "@trpc/server";
import { adminFeatureFlagsRouter } from "./feature-flags.js";
import { adminIpAssignmentsRouter } from "./ip-assignments.js";
import { adminPermissionsRouter } from "./permissions.js";
import { adminPlansRouter } from "./plans.js";
import { adminReportsRouter } from "./reports.js";
import { adminRolesRouter } from "./roles.js";
import { adminSmtpIpsRouter } from "./smtp-ips.js";
import { adminStaffRouter } from "./staff.js";
import { adminSystemConfigRouter } from "./system-config.js";
import { adminTenantsRouter } from "./tenants.js";
import { adminVpsRouter } from "./vps.js";

/** Staff-only procedures (`admin.*`), one file per area; each procedure is gated by a staff permission. */
export const adminRouter = {
  staff: adminStaffRouter,
  roles: adminRolesRouter,
  permissions: adminPermissionsRouter,
  plans: adminPlansRouter,
  tenants: adminTenantsRouter,
  vps: adminVpsRouter,
  smtpIps: adminSmtpIpsRouter,
  ipAssignments: adminIpAssignmentsRouter,
  systemConfig: adminSystemConfigRouter,
  featureFlags: adminFeatureFlagsRouter,
  reports: adminReportsRouter,
} satisfies TRPCRouterRecord;
