import { and, desc, eq, ilike, lt, or, type SQL } from "drizzle-orm";
import type { Database } from "../client.js";
import { leads } from "../schema/index.js";
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

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
