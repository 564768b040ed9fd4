export { openTestDatabase } from "./database.js";
export type { Caller, TestTenant } from "./fixtures.js";
export { callerFor, createTestTenant } from "./fixtures.js";
export type { SecurityFixture, SecurityTenant } from "./security-fixture.js";
export { createSecurityFixture } from "./security-fixture.js";
