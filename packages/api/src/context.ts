import type { Database } from "@outbound/db";
import { sql } from "drizzle-orm";

/** What the server hands every request; tests build one directly. */
export class AppDeps {
  constructor(readonly db: Database) {}

  /** Resolves when the database answers; the readiness probe uses it. */
  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }
}

/**
 * The root context type. It holds no server internals (`deps` is opaque here), so the
 * router type the SDK publishes never drags the database types along.
 */
export interface RequestContext {
  requestId: string;
  /** Raw `Authorization` header value, if any. */
  authorization: string | null;
  deps: unknown;
}

export interface ContextInput {
  deps: AppDeps;
  authorization?: string | null | undefined;
  requestId?: string | undefined;
}

/** Pure: no I/O, no globals. The HTTP adapter only extracts headers and calls this. */
export function createContextInner(input: ContextInput): RequestContext {
  return {
    requestId: input.requestId ?? crypto.randomUUID(),
    authorization: input.authorization ?? null,
    deps: input.deps,
  };
}
