import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateApiKey } from "@outbound/api";
import type { Database } from "@outbound/db";
import { hasAnyTenant, seedDemoTenant } from "@outbound/db/seed";

/**
 * Seeds the demo tenant on an empty database and returns its API key. The key is stored
 * hashed, so for the embedded demo a copy is kept in the data dir to show it on later starts.
 */
export async function ensureDemoTenant(db: Database, keyFileDir: string | null): Promise<string | null> {
  const keyFile = keyFileDir ? join(keyFileDir, "demo-api-key") : null;
  if (await hasAnyTenant(db)) {
    return keyFile && existsSync(keyFile) ? readFileSync(keyFile, "utf8").trim() : null;
  }
  const key = generateApiKey();
  await seedDemoTenant(db, { apiKeyHash: key.keyHash, apiKeyPrefix: key.prefix });
  if (keyFile && keyFileDir) {
    mkdirSync(keyFileDir, { recursive: true });
    writeFileSync(keyFile, `${key.key}\n`, { mode: 0o600 });
  }
  return key.key;
}
