import { appRouter } from "@outbound/api";
import { describe, expect, it } from "vitest";
import { IDEMPOTENT_MUTATIONS } from "../src/idempotent-mutations.js";

interface ProcedureLike {
  _def: { type: string; inputs: unknown[] };
}

function inputShapes(procedure: ProcedureLike): Record<string, unknown>[] {
  return procedure._def.inputs.flatMap((schema) => {
    const shape = (schema as { shape?: Record<string, unknown> } | null)?.shape;
    return typeof shape === "object" && shape !== null ? [shape] : [];
  });
}

// `pnpm build` regenerates the list from the router, so a create added since the last build is
// merely not retried yet; a listed path that doesn't take the key would break every call to it.
describe("the generated list of idempotent mutations", () => {
  const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureLike | undefined>;

  it("names only mutations whose input takes idempotencyKey", () => {
    for (const path of IDEMPOTENT_MUTATIONS) {
      const procedure = procedures[path];
      expect(procedure?._def.type, path).toBe("mutation");
      expect(
        inputShapes(procedure as ProcedureLike).some((shape) => "idempotencyKey" in shape),
        path,
      ).toBe(true);
    }
  });

  it("includes the creates the SDK's own helpers rely on", () => {
    expect(IDEMPOTENT_MUTATIONS).toEqual(expect.arrayContaining(["leads.create", "leads.import"]));
  });
});
