import type { Database } from "@outbound/db";
import { createLead } from "@outbound/db/queries/leads";
import type { SecurityFixture } from "@outbound/testing";

export interface CaseContext {
  db: Database;
  fixture: SecurityFixture;
}

/**
 * How the security suite calls one procedure. Every procedure of the router needs an entry
 * (the suite fails on a missing one). A procedure whose input names an id must say, in
 * `foreign`, how to aim the call at tenant b's rows: called by tenant a it must be NOT_FOUND
 * and change nothing.
 */
export interface ProcedureCase {
  /** A valid input for tenant a; omitted for procedures without input. */
  input?: (c: CaseContext) => unknown;
  foreign?: (c: CaseContext) => Promise<unknown>;
}

const leadOf = (c: CaseContext, tenantId: string) =>
  createLead(c.db, { tenantId, email: `lead-${Math.random().toString(36).slice(2)}@example.test` });

export const procedureCases: Record<string, ProcedureCase> = {
  "system.info": {},

  "auth.signUp": {
    input: () => ({ email: "new@example.test", password: "long enough password", name: "N", tenantName: "T" }),
  },
  "auth.signIn": { input: () => ({ email: "nobody@example.test", password: "whatever it is" }) },
  "auth.signOut": {},
  "auth.me": {},
  "auth.switchTenant": {
    input: (c) => ({ tenantId: c.fixture.a.tenantId }),
    foreign: async (c) => ({ tenantId: c.fixture.b.tenantId }),
  },
  "auth.changePassword": { input: () => ({ currentPassword: "old password", newPassword: "new password 123" }) },
  "auth.enrollTotp": {},
  "auth.confirmTotp": { input: () => ({ code: "123456" }) },

  "leads.list": { input: () => ({}) },
  "leads.get": {
    input: async (c) => ({ id: (await leadOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await leadOf(c, c.fixture.b.tenantId)).id }),
  },
  "leads.create": { input: () => ({ email: "created@example.test" }) },
};
