export type { Database, DatabaseHandle, DatabaseOptions, Schema } from "./client.js";
export { createDatabase, createPglite, DEFAULT_DATA_DIR, migrationsFolder } from "./client.js";
export { newId } from "./schema/columns.js";
export * as schema from "./schema/index.js";
