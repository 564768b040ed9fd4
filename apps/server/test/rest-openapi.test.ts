import { type AccessRule, appRouter, type ProcedureMeta } from "@outbound/api";
import { useTestDatabase } from "@outbound/testing";
import { compileErrors, validate } from "@readme/openapi-parser";
import type { OpenApiMeta } from "trpc-to-openapi";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { type RestServer, startRestServer } from "./rest-fixture.js";

const database = useTestDatabase();
let server: RestServer;
// biome-ignore lint/suspicious/noExplicitAny: the document is read as plain JSON
let document: any;

beforeAll(async () => {
  server = await startRestServer(database.db);
  const answer = await fetch(`${server.base}/openapi.json`);
  expect(answer.status).toBe(200);
  document = await answer.json();
});
afterAll(() => server.close());

/** What the procedures declare: every procedure with `openapi` meta is an operation of /v1. */
const declared = Object.values(
  appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>,
)
  .map((procedure) => procedure._def.meta?.openapi)
  .filter((openapi) => openapi !== undefined)
  .map((openapi) => `${openapi.method} ${openapi.path}`);

/** The public resources the issue names (a floor: more may be served). */
const REQUIRED_OPERATIONS = [
  ...["GET /leads", "POST /leads", "GET /leads/{id}", "PATCH /leads/{id}", "DELETE /leads/{id}", "POST /leads/import"],
  ...["GET /campaigns", "POST /campaigns", "GET /campaigns/{id}", "PATCH /campaigns/{id}", "DELETE /campaigns/{id}"],
  ...["POST /campaigns/{id}/launch", "POST /campaigns/{id}/pause", "POST /campaigns/{id}/resume"],
  ...["GET /campaigns/{id}/stats", "GET /campaigns/{campaignId}/steps", "POST /campaigns/{campaignId}/steps"],
  ...["PATCH /campaigns/{campaignId}/steps/{id}", "DELETE /campaigns/{campaignId}/steps/{id}"],
  ...[
    "GET /campaigns/{campaignId}/leads",
    "POST /campaigns/{campaignId}/leads",
    "POST /campaigns/{campaignId}/leads/remove",
  ],
  ...["GET /templates", "POST /templates", "GET /templates/{id}", "PATCH /templates/{id}", "DELETE /templates/{id}"],
  ...["GET /domains", "POST /domains", "GET /domains/{id}", "PATCH /domains/{id}", "DELETE /domains/{id}"],
  "POST /domains/{id}/verify",
  ...["GET /email-accounts", "POST /email-accounts", "GET /email-accounts/{id}", "PATCH /email-accounts/{id}"],
  "DELETE /email-accounts/{id}",
  ...["GET /messages", "GET /messages/{id}", "GET /suppressions", "POST /suppressions", "DELETE /suppressions/{id}"],
  ...["GET /webhooks", "POST /webhooks", "GET /webhooks/{id}", "PATCH /webhooks/{id}", "DELETE /webhooks/{id}"],
  "GET /billing/usage",
  ...["POST /templates/{id}/duplicate", "POST /templates/{id}/render", "POST /domains/{id}/set-primary"],
  ...["PATCH /email-accounts/{id}/credentials", "POST /email-accounts/{id}/status"],
  ...["POST /email-accounts/{id}/start-warmup", "POST /email-accounts/{id}/stop-warmup"],
  ...["POST /webhooks/{id}/rotate-secret", "GET /webhooks/{endpointId}/deliveries", "POST /webhooks/{id}/test"],
  ...["POST /webhooks/deliveries/{deliveryId}/redeliver", "GET /campaigns/{id}/preview"],
];

/** Every string schema under `node` whose name says it is a point in time (counts like import's `updated` are numbers). */
function timestampSchemas(node: unknown, where: string, out: Array<{ where: string; schema: unknown }>) {
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) timestampSchemas(child, `${where}[${i}]`, out);
  } else if (node && typeof node === "object") {
    const record = node as Record<string, unknown>;
    const properties = record.properties as Record<string, unknown> | undefined;
    for (const [name, schema] of Object.entries(properties ?? {})) {
      if (
        /^(at|created|updated|expectedUpdated|occurred|sentAt|\w+At|scheduled|launched|completed|last(?!Error|Event)\w*|\w+Date)$/.test(
          name,
        )
      )
        if (!JSON.stringify(schema).includes('"integer"')) out.push({ where: `${where}.${name}`, schema });
    }
    for (const [key, child] of Object.entries(record)) timestampSchemas(child, `${where}.${key}`, out);
  }
  return out;
}

describe("GET /openapi.json", () => {
  it("is generated from meta that trpc-to-openapi reads (checked by tsc)", () => {
    expectTypeOf<ProcedureMeta>().toExtend<OpenApiMeta<{ access?: AccessRule }>>();
  });

  it("is a valid OpenAPI 3.1 document with a bearer scheme and the public URL", async () => {
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document));
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
    expect(document.servers).toEqual([{ url: "https://api.outbound.test/v1" }]);
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("describes every exposed operation, each behind the API key", () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual([...declared].sort());
    expect(declared).toEqual(expect.arrayContaining(REQUIRED_OPERATIONS));
    for (const [, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item as Record<string, { security: unknown }>)) {
        expect(operation.security).toEqual([{ apiKey: [] }]);
      }
    }
  });

  it("says `format: date-time` for every timestamp", () => {
    const found = timestampSchemas(document.paths, "paths", []);
    expect(found.length).toBeGreaterThan(5);
    const dated = (schema: unknown): boolean => {
      const s = schema as { format?: string; anyOf?: unknown[]; type?: unknown };
      if (s.anyOf) return s.anyOf.every((o) => (o as { type?: string }).type === "null" || dated(o));
      return s.format === "date-time" || s.format === "date";
    };
    const undated = found.filter(({ schema }) => !dated(schema)).map(({ where }) => where);
    expect(undated).toEqual([]);
  });

  it("describes errors with the body the server sends", () => {
    expect(document.paths["/leads/{id}"].get.responses["404"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Error",
    });
    expect(document.components.schemas.Error.properties.error.required).toEqual(["code", "message", "requestId"]);
  });
});

describe("GET /docs", () => {
  it("is an HTML page whose scripts and styles this server serves (no external URL)", async () => {
    const page = await fetch(`${server.base}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset, "served from this server").toMatch(/^\/(?!\/)/);
      const answer = await fetch(`${server.base}${asset}`);
      expect(answer.status, asset).toBe(200);
      const body = await answer.text();
      expect(body.length).toBeGreaterThan(0);
    }
    const start = await (await fetch(`${server.base}/docs/assets/start.js`)).text();
    expect(start).toContain('"/openapi.json"');
    expect(start).toContain("validatorUrl: null");
    expect((await fetch(`${server.base}/docs/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});
