import type { Database } from "@outbound/db";
import {
  type CompanyPatch,
  companyDependents,
  defaultCompanyStatus,
  deleteCompany as deleteCompanyRow,
  getCompany,
  insertCompany,
  updateCompany as updateCompanyRow,
} from "@outbound/db/queries/companies";
import { isUniqueViolation } from "../../database-errors.js";
import { conflict, notFound } from "../../errors.js";
import type { Once } from "../platform/idempotency.js";
import { updatedOrExplain } from "../platform/updates.js";

/** Workspace names are global, so a clash may be with another tenant's workspace; only the name is revealed. */
async function withWorkspaceName<T>(workspaceName: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (workspaceName && isUniqueViolation(error, "companies_workspace_name_uq")) {
      throw conflict(`The workspace name "${workspaceName}" is taken: choose another`, {
        fieldErrors: { workspaceName: ["is taken"] },
      });
    }
    throw error;
  }
}

export interface CreateCompanyArgs {
  tenantId: string;
  name: string;
  workspaceName: string;
  logoUrl?: string | undefined;
  status?: string | undefined;
}

export function createCompany(once: Once, company: CreateCompanyArgs) {
  return once((tx) =>
    withWorkspaceName(company.workspaceName, async () =>
      insertCompany(tx, {
        ...company,
        status: company.status ?? (await defaultCompanyStatus(tx, { tenantId: company.tenantId })),
      }),
    ),
  );
}

export async function updateCompany(
  db: Database,
  args: { tenantId: string; id: string; patch: CompanyPatch; expectedUpdated?: Date | undefined },
) {
  const row = await withWorkspaceName(args.patch.workspaceName, () => updateCompanyRow(db, args));
  return updatedOrExplain(row, {
    what: "Company",
    exists: async () => (await getCompany(db, args)) !== null,
  });
}

const SAMPLE = 10;

interface Dependents {
  count: number;
  names: string[];
}

function counted(kind: string, n: number): string {
  return `${n} ${kind}${n === 1 ? "" : "s"}`;
}

/** "2 domains: a.com, b.com" and, past the sample, "…, and 5 more". */
function blocker(kind: string, group: Dependents): string {
  const more = group.count > group.names.length ? `, and ${group.count - group.names.length} more` : "";
  return `${counted(kind, group.count)}: ${group.names.join(", ")}${more}`;
}

/**
 * Refused while domains or campaigns still belong to the company: deleting them is a decision
 * of its own (they hold DNS keys, mailboxes and history), never a side effect.
 */
export async function deleteCompany(db: Database, args: { tenantId: string; id: string }) {
  return db.transaction(async (tx) => {
    const company = await getCompany(tx, args);
    if (!company) throw notFound("Company");
    const dependents = await companyDependents(tx, { ...args, sample: SAMPLE });
    const groups = (
      [
        ["domain", dependents.domains],
        ["campaign", dependents.campaigns],
      ] as const
    ).filter(([, group]) => group.count > 0);
    if (groups.length > 0) {
      const summary = groups.map(([kind, group]) => counted(kind, group.count)).join(" and ");
      throw conflict(`The workspace ${company.workspaceName} still has ${summary}: delete them first`, {
        blockers: groups.map(([kind, group]) => blocker(kind, group)),
      });
    }
    await deleteCompanyRow(tx, args);
    return company;
  });
}
