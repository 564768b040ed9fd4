import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { newId } from "../schema/columns.js";
import { rowsOf } from "./raw-rows.js";

/**
 * Set-based lead import: each function is one statement over the whole batch, its columns
 * passed as one array parameter each and spread by `unnest`, whatever the row count (one
 * parameter per value would hit PostgreSQL's 65 535-parameter limit at 10 000 rows).
 * Emails must be lower-cased and unique within the batch: ON CONFLICT can't touch a row twice.
 */
export interface ImportLead {
  email: string;
  name: string | null;
  company: string | null;
  /** Null: `new` for a new lead, unchanged for an existing one. */
  status: string | null;
}

function firstRow<T>(result: unknown): T {
  const row = rowsOf<T>(result)[0];
  if (!row) throw new Error("aggregate query returned no row");
  return row;
}

const textArray = (values: (string | null)[]) => sql`${sql.param(values)}::text[]`;

/** The batch as a row source `i(id, email, name, company, status)`; ids are UUIDv7 in batch order. */
function batch(rows: ImportLead[]): SQL {
  const ids = rows.map(() => newId());
  return sql`unnest(
    ${sql.param(ids)}::uuid[],
    ${textArray(rows.map((r) => r.email))},
    ${textArray(rows.map((r) => r.name))},
    ${textArray(rows.map((r) => r.company))},
    ${textArray(rows.map((r) => r.status))}
  ) as i(id, email, name, company, status)`;
}

/** How many of `emails` (lower-cased) are no lead of the tenant yet. */
export async function countNewEmails(db: Database, args: { tenantId: string; emails: string[] }): Promise<number> {
  const result = await db.execute(sql`
    select count(*)::int as n
    from unnest(${textArray(args.emails)}) as e(email)
    where not exists (
      select 1 from leads l where l.tenant_id = ${args.tenantId}::uuid and lower(l.email) = e.email
    )`);
  return firstRow<{ n: number }>(result).n;
}

/** Inserts the rows whose email is new; existing leads stay as they are. Returns how many went in. */
export async function insertNewLeads(db: Database, args: { tenantId: string; rows: ImportLead[] }): Promise<number> {
  if (args.rows.length === 0) return 0;
  const result = await db.execute(sql`
    with written as (
      insert into leads (id, tenant_id, email, name, company, status)
      select i.id, ${args.tenantId}::uuid, i.email, i.name, i.company, coalesce(i.status, 'new')
      from ${batch(args.rows)}
      on conflict (tenant_id, lower(email)) do nothing
      returning 1
    )
    select count(*)::int as inserted from written`);
  return firstRow<{ inserted: number }>(result).inserted;
}

/**
 * Inserts new emails and updates existing leads with the row's non-null fields (`status` only
 * when `setStatus`, since a status absent from the rows must not reset e.g. `unsubscribed`).
 * A lead the row would not change is left alone and counted in neither number.
 */
export async function upsertLeads(
  db: Database,
  args: { tenantId: string; rows: ImportLead[]; setStatus: boolean },
): Promise<{ inserted: number; updated: number }> {
  if (args.rows.length === 0) return { inserted: 0, updated: 0 };
  const status = args.setStatus ? sql`excluded.status` : sql`leads.status`;
  const result = await db.execute(sql`
    with written as (
      insert into leads (id, tenant_id, email, name, company, status)
      select i.id, ${args.tenantId}::uuid, i.email, i.name, i.company, coalesce(i.status, 'new')
      from ${batch(args.rows)}
      on conflict (tenant_id, lower(email)) do update set
        name = coalesce(excluded.name, leads.name),
        company = coalesce(excluded.company, leads.company),
        status = ${status},
        updated = now()
      where (leads.name, leads.company, leads.status)
        is distinct from (coalesce(excluded.name, leads.name), coalesce(excluded.company, leads.company), ${status})
      -- xmax is 0 only on a row version this statement inserted; an updated row carries our transaction id.
      returning (xmax = 0) as inserted
    )
    select
      count(*) filter (where inserted)::int as inserted,
      count(*) filter (where not inserted)::int as updated
    from written`);
  return firstRow<{ inserted: number; updated: number }>(result);
}
