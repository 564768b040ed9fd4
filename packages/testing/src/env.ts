/** The one place test support reads the environment: which database the suite runs on. */
export const testEnv = {
  databaseUrl: process.env.DATABASE_URL || undefined,
  /** Written by the global setup: a migrated PGlite data dir every test file starts from. */
  pgliteSnapshot: process.env.OUTBOUND_TEST_PGLITE_SNAPSHOT || undefined,
};
