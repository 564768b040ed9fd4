import { appRouter } from "@outbound/api";
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";

type SchemaObject = NonNullable<NonNullable<OpenAPIObject["components"]>["schemas"]>[string];

const ERROR_SCHEMA: SchemaObject = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "requestId"],
      properties: {
        code: {
          type: "string",
          description: "The tRPC error code, e.g. BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT",
          examples: ["NOT_FOUND"],
        },
        message: { type: "string" },
        requestId: { type: "string", description: "Quote it when asking for support; also in the server's logs" },
        fieldErrors: {
          type: "object",
          description: "Invalid input: messages by field path",
          additionalProperties: { type: "array", items: { type: "string" } },
        },
        details: {
          type: "object",
          description: "Machine-readable facts (quota `limit`, `retryAfter` seconds, campaign `status`, …)",
          additionalProperties: true,
        },
      },
    },
  },
};

const DESCRIPTION = [
  "The public resources of Outbound as REST. Authenticate with an API key: `Authorization: Bearer ob_live_…`.",
  "Bodies are JSON; timestamps are ISO-8601 strings. Lists take `cursor` and `limit` (1..200, default 50)",
  "and answer `{ items, nextCursor }`. Errors answer `{ error: { code, message, requestId, fieldErrors?, details? } }`",
  "with the HTTP status of the code.",
].join(" ");

/**
 * The OpenAPI 3.1 document of /v1, generated from the procedures' `openapi` meta and zod schemas.
 * Error responses are rewritten to the body the server really sends (rest-errors.ts), not the adapter's own.
 */
export function buildOpenApiDocument(publicUrl: string): OpenAPIObject {
  const document = generateOpenApiDocument(appRouter, {
    title: "Outbound REST API",
    version: "1.0.0",
    description: DESCRIPTION,
    baseUrl: `${publicUrl}/v1`,
    securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An Outbound API key (ob_live_…)" } },
  });
  const errorContent = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(pathItem)) {
      if (typeof operation !== "object" || operation === null || !("responses" in operation)) continue;
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!status.startsWith("2") && typeof response === "object" && response !== null && "content" in response) {
          response.content = errorContent;
        }
      }
    }
  }
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA } };
  return document;
}
