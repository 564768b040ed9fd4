import { date, integer, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { tenantIdColumn, updated } from "./columns.js";
import { tenants } from "./identity.js";

/** Monthly counters a plan limits by volume (emails sent), one row per tenant and month. */
export const tenantUsage = pgTable(
  "tenant_usage",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    /** First day of the month, in UTC. */
    month: date({ mode: "string" }).notNull(),
    emailsSent: integer().notNull().default(0),
    updated: updated(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.month] })],
);
