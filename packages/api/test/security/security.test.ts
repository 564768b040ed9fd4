import { callerFor, createSecurityFixture, type SecurityFixture, useTestDatabase } from "@outbound/testing";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { type AccessRule, rolesAllow, TENANT_ROLES } from "../../src/access.js";
import { appRouter } from "../../src/root.js";
import { type CaseContext, procedureCases } from "./cases.js";
import { snapshotTenant } from "./tenant-snapshot.js";

interface ProcedureDef {
  _def: { type: "query" | "mutation" | "subscription"; meta?: { access?: AccessRule }; inputs: unknown[] };
}
const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
const paths = Object.keys(procedures).sort();

/** Top-level keys of a procedure's zod input, looking through defaults and optionals. */
function inputKeys(schema: unknown): string[] {
  let current = schema as { shape?: Record<string, unknown>; _zod?: { def?: { innerType?: unknown } } } | undefined;
  for (let i = 0; i < 5 && current; i++) {
    if (current.shape) return Object.keys(current.shape);
    current = current._zod?.def?.innerType as typeof current;
  }
  return [];
}
const ID_KEY = /^id$|Id$|Ids$/;
/** Ids of other systems, not rows of ours: no tenant owns them, so they have no foreign case. */
const EXTERNAL_ID_KEYS = new Set(["hostwindsInstanceId"]);

const database = useTestDatabase();
let fixture: SecurityFixture;
let context: CaseContext;

beforeAll(async () => {
  fixture = await createSecurityFixture(database.db);
  context = { db: database.db, fixture };
});

/** Every credential of the fixture: none may ever appear in an answer. */
const knownSecrets = () => [
  ...Object.values(fixture.a.sessions),
  ...Object.values(fixture.b.sessions),
  fixture.a.writeKey,
  fixture.a.readKey,
  fixture.b.writeKey,
  fixture.b.readKey,
  fixture.staff.all,
  fixture.staff.none,
  ...fixture.dead.map((d) => d.token),
];
const leaks: string[] = [];

function scanForSecrets(path: string, answer: unknown): void {
  const text =
    answer instanceof Error
      ? `${answer.message} ${JSON.stringify((answer.cause as { details?: unknown } | undefined)?.details ?? null)}`
      : JSON.stringify(answer ?? null);
  for (const secret of knownSecrets()) if (text.includes(secret)) leaks.push(`${path} answered with a credential`);
}

/** Calls `path` as the holder of `token`, returning the tRPC error code or "OK". */
async function outcome(path: string, token: string | null, input: unknown): Promise<string> {
  let target: unknown = callerFor(database.db, token ? `Bearer ${token}` : null);
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  try {
    scanForSecrets(path, await (target as (input: unknown) => Promise<unknown>)(input));
    return "OK";
  } catch (error) {
    scanForSecrets(path, error);
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

const inputFor = async (path: string) => procedureCases[path]?.input?.(context);

describe("every procedure", () => {
  it("declares an access rule and has a security case", () => {
    const missingRule = paths.filter((p) => !procedures[p]?._def.meta?.access);
    const missingCase = paths.filter((p) => !procedureCases[p]);
    const staleCase = Object.keys(procedureCases).filter((p) => !procedures[p]);
    expect({ missingRule, missingCase, staleCase }).toEqual({ missingRule: [], missingCase: [], staleCase: [] });
  });

  it("says how to aim it at another tenant's rows when its input names an id", () => {
    const missing = paths.filter((p) => {
      const keys = procedures[p]?._def.inputs.flatMap(inputKeys) ?? [];
      const access = procedures[p]?._def.meta?.access;
      return (
        access?.kind !== "public" &&
        keys.some((k) => ID_KEY.test(k) && !EXTERNAL_ID_KEYS.has(k)) &&
        !procedureCases[p]?.foreign
      );
    });
    expect(missing).toEqual([]);
  });
});

describe.each(paths.filter((p) => procedures[p]?._def.meta?.access?.kind !== "public"))("%s", (path) => {
  const def = () => procedures[path]?._def;
  const access = () => def()?.meta?.access as AccessRule;

  it("refuses a missing or dead credential with UNAUTHORIZED", async () => {
    const input = await inputFor(path);
    expect(await outcome(path, null, input)).toBe("UNAUTHORIZED");
    for (const dead of fixture.dead) {
      expect({ credential: dead.label, code: await outcome(path, dead.token, input) }).toEqual({
        credential: dead.label,
        code: "UNAUTHORIZED",
      });
    }
  });

  it("refuses roles below its level with FORBIDDEN", async () => {
    const rule = access();
    if (rule.kind !== "tenant") return;
    const input = await inputFor(path);
    for (const role of TENANT_ROLES.filter((r) => !rolesAllow([r], rule.level))) {
      expect({ role, code: await outcome(path, fixture.a.sessions[role], input) }).toEqual({ role, code: "FORBIDDEN" });
    }
    if (def()?.type === "mutation") {
      expect({ key: "read-only", code: await outcome(path, fixture.a.readKey, input) }).toEqual({
        key: "read-only",
        code: "FORBIDDEN",
      });
    }
  });

  it("refuses staff without its permission, and everyone who is not staff, with FORBIDDEN", async () => {
    const rule = access();
    if (rule.kind !== "staff") return;
    const input = await inputFor(path);
    expect(await outcome(path, fixture.staff.none, input)).toBe("FORBIDDEN");
    expect(await outcome(path, fixture.a.sessions.owner, input)).toBe("FORBIDDEN");
    expect(await outcome(path, fixture.a.writeKey, input)).toBe("FORBIDDEN");
  });

  it("answers NOT_FOUND for another tenant's ids and changes nothing there", async () => {
    const foreign = procedureCases[path]?.foreign;
    if (!foreign) return;
    const input = await foreign(context);
    const before = await snapshotTenant(database.db, fixture.b.tenantId);
    const rule = access();
    const token =
      rule.kind === "staff"
        ? fixture.staff.all
        : rule.kind === "tenant" && rule.level === "billing"
          ? fixture.a.sessions.billing
          : fixture.a.sessions.owner;
    expect(await outcome(path, token, input)).toBe("NOT_FOUND");
    expect(await snapshotTenant(database.db, fixture.b.tenantId)).toEqual(before);
  });
});

describe("answers", () => {
  it("never carried a credential, in any answer or error above", () => {
    expect(leaks).toEqual([]);
  });
});
