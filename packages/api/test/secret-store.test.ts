import { schema } from "@outbound/db";
import { useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DatabaseSecretStore,
  generateSecretKey,
  parseSecretKey,
} from "../src/services/secrets/database-secret-store.js";
import { VaultSecretStore } from "../src/services/secrets/vault-secret-store.js";
import { VaultServer } from "./support/vault-server.js";

const unique = () => `test/${crypto.randomUUID()}`;

describe("parseSecretKey", () => {
  it("reads 32 bytes as hex or base64 and refuses anything else without echoing it", () => {
    const hex = "ab".repeat(32);
    expect(parseSecretKey(hex)).toEqual(Buffer.from(hex, "hex"));
    const generated = generateSecretKey();
    expect(parseSecretKey(generated)).toHaveLength(32);
    expect(parseSecretKey(Buffer.from(generated, "base64").toString("base64url"))).toEqual(parseSecretKey(generated));
    for (const bad of ["", "short", "ab".repeat(31), Buffer.alloc(16).toString("base64"), "not base64 at all!"]) {
      expect(() => parseSecretKey(bad)).toThrow(/32 random bytes/);
    }
  });
});

describe("DatabaseSecretStore", () => {
  const database = useTestDatabase();
  let store: DatabaseSecretStore;
  const key = generateSecretKey();

  beforeAll(async () => {
    store = new DatabaseSecretStore(database.db, key);
  });

  const storedRow = async (path: string) =>
    (await database.db.select().from(schema.secrets).where(eq(schema.secrets.path, path)))[0];

  it("reads back what it wrote, replaces it on a second write and forgets it on delete", async () => {
    const path = unique();
    expect(await store.get(path)).toBeNull();
    await store.put(path, "first password");
    expect(await store.get(path)).toBe("first password");
    await store.put(path, "second password ✓");
    expect(await store.get(path)).toBe("second password ✓");
    expect((await storedRow(path))?.version).toBe(2);
    await store.delete(path);
    expect(await store.get(path)).toBeNull();
    await store.delete(path);
  });

  it("stores only a versioned ciphertext with a fresh IV per write", async () => {
    const path = unique();
    await store.put(path, "hunter2-hunter2");
    const first = (await storedRow(path))?.ciphertext ?? "";
    await store.put(path, "hunter2-hunter2");
    const second = (await storedRow(path))?.ciphertext ?? "";
    expect(first).toMatch(/^v1:/);
    expect(first).not.toContain("hunter2");
    expect(Buffer.from(first.split(":")[3] ?? "", "base64url").toString()).not.toContain("hunter2");
    expect(second).not.toBe(first);
  });

  it("refuses a ciphertext moved to another path, altered, or read with another key", async () => {
    const path = unique();
    await store.put(path, "moved secret");
    const ciphertext = (await storedRow(path))?.ciphertext ?? "";

    const elsewhere = unique();
    await database.db.insert(schema.secrets).values({ path: elsewhere, ciphertext });
    await expect(store.get(elsewhere)).rejects.toThrow(/integrity check/);

    const [format, iv, tag, body] = ciphertext.split(":");
    const flipped = Buffer.from(body ?? "", "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    await database.db
      .update(schema.secrets)
      .set({ ciphertext: [format, iv, tag, flipped.toString("base64url")].join(":") })
      .where(eq(schema.secrets.path, elsewhere));
    await expect(store.get(elsewhere)).rejects.toThrow(/integrity check/);

    const otherKey = new DatabaseSecretStore(database.db, generateSecretKey());
    await expect(otherKey.get(path)).rejects.toThrow(/SECRET_KEY/);
    expect(await store.get(path)).toBe("moved secret");
  });

  it("refuses paths that could mean something else in another store", async () => {
    for (const bad of ["", "/leading", "trailing/", "a//b", "a/../b", "a b", "a?b"]) {
      await expect(store.put(bad, "x")).rejects.toThrow(/Invalid secret path/);
    }
  });
});

describe("VaultSecretStore against a KV v2 server on loopback", () => {
  const vault = new VaultServer();
  let address: string;
  let store: VaultSecretStore;

  beforeAll(async () => {
    address = await vault.start();
    store = new VaultSecretStore({ address: `${address}/`, token: vault.token, mount: "kv" });
  });
  afterAll(async () => {
    await vault.stop();
  });

  it("writes, reads, replaces and deletes every version of a secret, sending the token", async () => {
    const path = "tenants/t1/email-accounts/a1/smtp";
    expect(await store.get(path)).toBeNull();
    await store.put(path, "first");
    await store.put(path, "second");
    expect(await store.get(path)).toBe("second");
    expect(vault.secrets.get(path)?.versions).toEqual([{ value: "first" }, { value: "second" }]);
    await store.delete(path);
    expect(vault.secrets.has(path)).toBe(false);
    expect(await store.get(path)).toBeNull();
    await store.delete(path);
    expect(vault.requests.every((r) => r.token === vault.token)).toBe(true);
    expect(vault.requests.map((r) => `${r.method} ${r.url}`)).toContain(`DELETE /v1/kv/metadata/${path}`);
  });

  it("says the token was refused on 403, without revealing it", async () => {
    const wrong = new VaultSecretStore({ address, token: "hvs.wrong-token", mount: "kv" });
    const error = await wrong.put("tenants/t1/x", "v").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/403 permission denied.*VAULT_TOKEN/);
    expect((error as Error).message).not.toContain("hvs.wrong-token");
    await expect(wrong.get("tenants/t1/x")).rejects.toThrow(/403/);
  });

  it("says Vault is sealed or unavailable on 5xx", async () => {
    vault.sealed = true;
    try {
      await expect(store.get("tenants/t1/x")).rejects.toThrow(/sealed.*Vault is sealed/);
    } finally {
      vault.sealed = false;
    }
  });

  it("says Vault is unreachable when nothing listens", async () => {
    const other = new VaultServer();
    const gone = await other.start();
    await other.stop();
    const unreachable = new VaultSecretStore({ address: gone, token: "t", mount: "kv" });
    await expect(unreachable.get("a/b")).rejects.toThrow(/unreachable/);
  });
});
