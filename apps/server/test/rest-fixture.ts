import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { AppDeps, type AppDepsOptions } from "@outbound/api";
import type { Database } from "@outbound/db";
import { createTestTenant, type TestDatabase, type TestTenant, useTestDatabase } from "@outbound/testing";
import { afterAll, beforeAll, expect } from "vitest";
import { type AppOptions, createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";

export interface RestServer {
  base: string;
  /** Every log line the server wrote. */
  lines: string[];
  close(): Promise<void>;
}

/** The real app on loopback, as `main.ts` serves it. */
export async function startRestServer(
  db: Database,
  options: AppDepsOptions = {},
  appOptions: Pick<AppOptions, "bodyLimitBytes"> = {},
): Promise<RestServer> {
  const lines: string[] = [];
  const app = createApp({
    ...appOptions,
    deps: new AppDeps(db, { publicUrl: "https://api.outbound.test", ...options }),
    logger: createLogger("info", { write: (line: string) => void lines.push(line) }),
  });
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lines,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface RestAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever JSON came back
  body: any;
}

/** Plain `fetch` with an API key, as a script in any language would call /v1. */
export function restClient(base: string, apiKey: string | null) {
  const call = async (method: string, path: string, body?: unknown): Promise<RestAnswer> => {
    const headers: Record<string, string> = {};
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${base}/v1${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : null;
    if (response.status >= 400) expectContractError(parsed, response.status);
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown = {}) => call("POST", path, body),
    patch: (path: string, body: unknown) => call("PATCH", path, body),
    delete: (path: string) => call("DELETE", path),
  };
}
export type RestClient = ReturnType<typeof restClient>;

/** Every error answer: the contract's shape and nothing more (no stack, no path, no cause). */
export function expectContractError(body: unknown, status: number): void {
  expect(body, `error body of a ${status}`).toEqual({
    error: expect.objectContaining({
      code: expect.any(String),
      message: expect.any(String),
      requestId: expect.any(String),
    }),
  });
  const error = (body as { error: Record<string, unknown> }).error;
  expect(
    Object.keys(error).every((key) => ["code", "message", "requestId", "fieldErrors", "details"].includes(key)),
  ).toBe(true);
  expect(JSON.stringify(body)).not.toMatch(/stack|\bat .*\.(ts|js):\d+/);
  if (status >= 500) expect(error.message).toBe("Internal server error");
}

/** A tenant seen over REST: its write key, a read-only key of it, and another tenant's key (whose calls must be 404). */
export interface RestTenant {
  tenant: TestTenant;
  api: RestClient;
  readOnly: RestClient;
  theirs: RestClient;
}

export async function restTenant(db: Database, base: string): Promise<RestTenant> {
  const tenant = await createTestTenant(db, { plan: "scale" });
  return {
    tenant,
    api: restClient(base, tenant.apiKey),
    readOnly: restClient(base, await tenant.newApiKey("read")),
    theirs: restClient(base, (await createTestTenant(db, { plan: "scale" })).apiKey),
  };
}

/**
 * For a test file: its database, the app on loopback and a tenant seen over REST, started before
 * the file's tests and closed after them (the fields are read inside tests).
 */
export function useRestTenant(
  options: AppDepsOptions = {},
): RestTenant & { database: TestDatabase; server: RestServer } {
  const database = useTestDatabase();
  let server: RestServer | undefined;
  let tenant: RestTenant | undefined;
  beforeAll(async () => {
    server = await startRestServer(database.db, options);
    tenant = await restTenant(database.db, server.base);
  });
  afterAll(() => server?.close());
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useRestTenant: its fields are set before the tests run");
    return value;
  };
  return {
    database,
    get server() {
      return started(server);
    },
    get tenant() {
      return started(tenant).tenant;
    },
    get api() {
      return started(tenant).api;
    },
    get readOnly() {
      return started(tenant).readOnly;
    },
    get theirs() {
      return started(tenant).theirs;
    },
  };
}

/** The answer is the contract's error with this status and code. */
export function expectRefused(answer: RestAnswer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.body.error.code).toBe(code);
}

/** A short unique suffix for names that must not clash on a shared database. */
export const uniqueTag = () => randomUUID().slice(0, 8);

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
