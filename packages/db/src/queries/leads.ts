import { and, count, desc, eq, ilike, lt, ne, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { leads } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { toPage } from "./pagination.js";

/** What a lead looks like outside the database: an explicit selection, never the whole row. */
export const leadColumns = {
  id: leads.id,
  email: leads.email,
  name: leads.name,
  company: leads.company,
  status: leads.status,
  created: leads.created,
  updated: leads.updated,
};

export interface ListLeadsArgs {
  tenantId: string;
  limit: number;
  cursor?: string | undefined;
  status?: string | undefined;
  search?: string | undefined;
}

/** Newest first, keyset by id (UUIDv7 follows creation), so pages stay stable while leads are added. */
export async function listLeads(db: Database, args: ListLeadsArgs) {
  const conditions: SQL[] = [eq(leads.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(leads.id, args.cursor));
  if (args.status) conditions.push(eq(leads.status, args.status));
  if (args.search) {
    const pattern = `%${escapeLike(args.search)}%`;
    const match = or(ilike(leads.email, pattern), ilike(leads.name, pattern), ilike(leads.company, pattern));
    if (match) conditions.push(match);
  }
  const rows = await db
    .select(leadColumns)
    .from(leads)
    .where(and(...conditions))
    .orderBy(desc(leads.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getLead(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select(leadColumns)
    .from(leads)
    .where(and(eq(leads.tenantId, args.tenantId), eq(leads.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}

export interface NewLead {
  tenantId: string;
  email: string;
  name?: string | null | undefined;
  company?: string | null | undefined;
  status?: string | undefined;
}

export async function createLead(db: Database, lead: NewLead) {
  const [row] = await db.insert(leads).values(lead).returning(leadColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

export interface LeadPatch {
  email?: string | undefined;
  name?: string | null | undefined;
  company?: string | null | undefined;
  status?: string | undefined;
}

/** Null when the lead is not the tenant's or changed since `expectedUpdated`. */
export async function updateLead(
  db: Database,
  args: { tenantId: string; id: string; patch: LeadPatch; expectedUpdated?: Date | undefined },
) {
  const rows = await db
    .update(leads)
    .set({ ...args.patch, updated: new Date() })
    .where(
      and(
        eq(leads.tenantId, args.tenantId),
        eq(leads.id, args.id),
        unchangedSince(leads.updated, args.expectedUpdated),
      ),
    )
    .returning(leadColumns);
  return rows[0] ?? null;
}

export async function deleteLead(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .delete(leads)
    .where(and(eq(leads.tenantId, args.tenantId), eq(leads.id, args.id)))
    .returning({ id: leads.id });
  return rows[0] ?? null;
}

/** Another lead of the tenant with this email in any case (`email` already lower-cased). */
export async function findOtherLeadWithEmail(
  db: Database,
  args: { tenantId: string; email: string; exceptId: string },
) {
  const rows = await db
    .select({ id: leads.id })
    .from(leads)
    .where(
      and(eq(leads.tenantId, args.tenantId), sql`lower(${leads.email}) = ${args.email}`, ne(leads.id, args.exceptId)),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Leads the tenant holds: what `max_contacts` counts. */
export async function countLeads(db: Database, tenantId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(leads).where(eq(leads.tenantId, tenantId));
  return row?.n ?? 0;
}

/** `value` as a literal inside a LIKE pattern: its wildcards and the escape character escaped. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
