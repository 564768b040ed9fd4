import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateApiKey } from "@outbound/api";
import { hashPassword } from "@outbound/api/services/auth/passwords";
import type { Database } from "@outbound/db";
import { DEMO_USER_EMAIL, hasAnyTenant, seedDemoTenant } from "@outbound/db/seed";

/** What the demo tenant is reached with: its API key, and its owner's sign-in for the dashboard. */
export interface DemoAccess {
  apiKey: string;
  owner: { email: string; password: string } | null;
}

const KEY_FILE = "demo-api-key";
const PASSWORD_FILE = "demo-owner-password";

/**
 * Seeds the demo tenant on an empty database and returns how to reach it. The key and the owner's
 * password are stored hashed, so for the embedded demo a copy of each is kept in the data dir
 * (mode 0600) to show them on later starts; elsewhere they are shown once, at the seeding start.
 */
export async function ensureDemoTenant(db: Database, keyFileDir: string | null): Promise<DemoAccess | null> {
  const read = (name: string) => {
    const file = keyFileDir ? join(keyFileDir, name) : null;
    return file && existsSync(file) ? readFileSync(file, "utf8").trim() : null;
  };
  if (await hasAnyTenant(db)) {
    const apiKey = read(KEY_FILE);
    const password = read(PASSWORD_FILE);
    return apiKey ? { apiKey, owner: password ? { email: DEMO_USER_EMAIL, password } : null } : null;
  }
  const key = generateApiKey();
  const password = randomBytes(12).toString("base64url");
  await seedDemoTenant(db, {
    apiKeyHash: key.keyHash,
    apiKeyPrefix: key.prefix,
    passwordHash: await hashPassword(password),
  });
  if (keyFileDir) {
    mkdirSync(keyFileDir, { recursive: true });
    writeFileSync(join(keyFileDir, KEY_FILE), `${key.key}\n`, { mode: 0o600 });
    writeFileSync(join(keyFileDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
  }
  return { apiKey: key.key, owner: { email: DEMO_USER_EMAIL, password } };
}
