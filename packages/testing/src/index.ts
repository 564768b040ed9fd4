export { openTestDatabase } from "./database.js";
export { callerFor, createTestTenant } from "./fixtures.js";
export type { Caller, TestTenant } from "./fixtures.js";
