import { eq, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { secrets } from "../schema/index.js";

/** The stored ciphertext at `path`, or null. Only the embedded secret store reads this table. */
export async function readSecretCiphertext(db: Database, path: string): Promise<string | null> {
  const rows = await db.select({ ciphertext: secrets.ciphertext }).from(secrets).where(eq(secrets.path, path)).limit(1);
  return rows[0]?.ciphertext ?? null;
}

/** Writes or replaces the ciphertext at `path`; each replacement bumps `version`. */
export async function writeSecretCiphertext(db: Database, args: { path: string; ciphertext: string }): Promise<void> {
  await db
    .insert(secrets)
    .values({ path: args.path, ciphertext: args.ciphertext })
    .onConflictDoUpdate({
      target: secrets.path,
      set: { ciphertext: args.ciphertext, version: sql`${secrets.version} + 1`, updated: new Date() },
    });
}

export async function deleteSecretCiphertext(db: Database, path: string): Promise<void> {
  await db.delete(secrets).where(eq(secrets.path, path));
}
