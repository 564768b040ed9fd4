import type { Database, DatabaseHandle } from "@outbound/db";
import { afterAll, beforeAll } from "vitest";
import { openTestDatabase } from "./database.js";

/** The database of a test file, readable once the file's `beforeAll` hooks have run. */
export interface TestDatabase {
  readonly db: Database;
  readonly handle: DatabaseHandle;
}

/**
 * Opens the test database before the file's tests (or the enclosing `describe`'s) and closes it
 * after them. Call it before registering hooks that use the database: `beforeAll` hooks run in
 * the order they are registered, `afterAll` hooks in reverse, so the database outlives them.
 */
export function useTestDatabase(): TestDatabase {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
    handle = undefined;
  });
  const opened = (): DatabaseHandle => {
    if (!handle)
      throw new Error("the test database is not open: read it in a test or hook, not while collecting tests");
    return handle;
  };
  return {
    get db() {
      return opened().db;
    },
    get handle() {
      return opened();
    },
  };
}
