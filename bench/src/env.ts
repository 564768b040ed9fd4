/** The bench's only reader of the environment. */
export const benchEnv = {
  pgAdminUrl: process.env.PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
};
