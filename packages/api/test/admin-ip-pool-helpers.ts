import { randomUUID } from "node:crypto";
import { type Database, schema } from "@outbound/db";
import { findStaffRoleByName, insertStaffMember } from "@outbound/db/queries/staff";
import { callerFor, createTestTenant, sessionFor } from "@outbound/testing";
import { eq, sql } from "drizzle-orm";

/** A superadmin signed in to a tenant of its own, with a caller. */
export async function staffCaller(db: Database) {
  const home = await createTestTenant(db);
  const role = await findStaffRoleByName(db, "superadmin");
  if (!role) throw new Error("the superadmin staff role is not seeded");
  await insertStaffMember(db, { userId: home.ownerUserId, roleId: role.id });
  return callerFor(db, `Bearer ${await sessionFor(db, home.ownerUserId, home.tenantId)}`);
}

export const unique = () => randomUUID().slice(0, 8);

/** Unique documentation-range-free addresses: IPv6 under 2001:db8::/32 with random groups. */
export const uniqueIpv6 = () => {
  const hex = randomUUID().replace(/-/g, "");
  return `2001:db8:${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}:${hex.slice(12, 16)}::1`;
};

/** A domain of the tenant on a fresh company, inserted directly. */
export async function domainOf(db: Database, tenantId: string) {
  const [company] = await db
    .insert(schema.companies)
    .values({ tenantId, name: "Pool co", workspaceName: `pool-${unique()}-${unique()}` })
    .returning({ id: schema.companies.id });
  if (!company) throw new Error("company insert returned nothing");
  const [domain] = await db
    .insert(schema.domains)
    .values({ tenantId, companyId: company.id, domain: `pool-${unique()}${unique()}.example.test` })
    .returning({ id: schema.domains.id });
  if (!domain) throw new Error("domain insert returned nothing");
  return domain.id;
}

/** A VPS created through the API with the given overrides. */
export async function createVps(
  staff: Awaited<ReturnType<typeof staffCaller>>,
  overrides: Partial<Parameters<typeof staff.admin.vps.create>[0]> = {},
) {
  return staff.admin.vps.create({
    hostwindsInstanceId: `hw-${unique()}${unique()}`,
    ipAddress: "203.0.113.5",
    region: "us-east",
    status: "active",
    monthlyCost: "24.99",
    ...overrides,
  });
}

/** An active assignment of a fresh domain of the tenant to the IP, inserted directly with the IP's count bumped. */
export async function insertAssignment(db: Database, args: { tenantId: string; smtpIpAddressId: string }) {
  const domainId = await domainOf(db, args.tenantId);
  const [row] = await db
    .insert(schema.domainIpAssignments)
    .values({ tenantId: args.tenantId, domainId, smtpIpAddressId: args.smtpIpAddressId })
    .returning({ id: schema.domainIpAssignments.id });
  if (!row) throw new Error("assignment insert returned nothing");
  await db
    .update(schema.smtpIpAddresses)
    .set({ assignedCount: sql`${schema.smtpIpAddresses.assignedCount} + 1` })
    .where(eq(schema.smtpIpAddresses.id, args.smtpIpAddressId));
  return { id: row.id, domainId };
}
