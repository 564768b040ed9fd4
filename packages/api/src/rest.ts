import type { ProcedureMeta, RestOperation } from "./access.js";

/**
 * The `openapi` meta of a procedure served as REST (apps/server/src/rest-routes.ts). `path` is
 * relative to `/v1`, the base the OpenAPI document's server URL carries: `/leads` answers at `/v1/leads`.
 * Every REST operation takes an API key (`protect`); the procedure's own access rule still decides.
 */
export function rest(
  method: RestOperation["method"],
  path: RestOperation["path"],
  tag: string,
  summary: string,
): ProcedureMeta {
  return { openapi: { method, path, tags: [tag], summary, protect: true } };
}
