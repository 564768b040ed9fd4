import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DatabaseSecretStore, generateSecretKey, parseSecretKey, VaultSecretStore } from "@outbound/api";
import type { Database } from "@outbound/db";
import { afterAll, describe, expect, it } from "vitest";
import { loadEnv } from "../src/env.js";
import { chooseSecretStore, loadOrCreateKeyFile, openSecretStore, StartupError } from "../src/secret-key.js";

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "outbound-secret-key-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const baseEnv = { DATA_DIR: "", VAULT_KV_MOUNT: "secret" } as const;

describe("the embedded demo's key file", () => {
  it("is generated once with mode 0600 and reused on every later start", () => {
    const dataDir = join(freshDir(), "nested", "pglite");
    const first = loadOrCreateKeyFile(dataDir);
    expect(first.created).toBe(true);
    expect(first.keyFile).toBe(join(dataDir, "secret-key"));
    expect(parseSecretKey(first.key)).toHaveLength(32);
    expect(statSync(first.keyFile).mode & 0o777).toBe(0o600);
    const second = loadOrCreateKeyFile(dataDir);
    expect(second).toEqual({ key: first.key, keyFile: first.keyFile, created: false });
  });

  it("is never replaced when it holds no valid key", () => {
    const dataDir = freshDir();
    writeFileSync(join(dataDir, "secret-key"), "not a key\n");
    expect(() => loadOrCreateKeyFile(dataDir)).toThrow(StartupError);
    expect(() => loadOrCreateKeyFile(dataDir)).toThrow(/Restore it from a backup/);
    expect(readFileSync(join(dataDir, "secret-key"), "utf8")).toBe("not a key\n");
  });

  it("is made private again when others could read it", () => {
    const dataDir = freshDir();
    const { keyFile, key } = loadOrCreateKeyFile(dataDir);
    chmodSync(keyFile, 0o644);
    expect(loadOrCreateKeyFile(dataDir).key).toBe(key);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });
});

describe("chooseSecretStore", () => {
  it("prefers Vault, then SECRET_KEY, then the embedded key file", () => {
    const dataDir = freshDir();
    const key = generateSecretKey();
    expect(
      chooseSecretStore({
        ...baseEnv,
        DATA_DIR: dataDir,
        VAULT_ADDR: "http://127.0.0.1:8200",
        VAULT_TOKEN: "t",
        SECRET_KEY: key,
      }),
    ).toEqual({ kind: "vault", address: "http://127.0.0.1:8200", token: "t", mount: "secret" });
    expect(
      chooseSecretStore({ ...baseEnv, DATA_DIR: dataDir, SECRET_KEY: key, DATABASE_URL: "postgres://x@h/db" }),
    ).toEqual({ kind: "database", key, source: "env" });
    const created = chooseSecretStore({ ...baseEnv, DATA_DIR: dataDir });
    expect(created).toMatchObject({ kind: "database", source: "created", keyFile: join(dataDir, "secret-key") });
    expect(chooseSecretStore({ ...baseEnv, DATA_DIR: dataDir })).toMatchObject({
      kind: "database",
      source: "file",
      key: created.kind === "database" ? created.key : "",
    });
    expect(chooseSecretStore({ ...baseEnv, DATA_DIR: "memory" })).toMatchObject({ kind: "database", source: "memory" });
  });

  it("refuses PostgreSQL without SECRET_KEY or Vault, saying what to set", () => {
    const choose = () => chooseSecretStore({ ...baseEnv, DATA_DIR: freshDir(), DATABASE_URL: "postgres://x@h/db" });
    expect(choose).toThrow(StartupError);
    expect(choose).toThrow(/set SECRET_KEY.*or set VAULT_ADDR and VAULT_TOKEN/);
  });

  it("opens the store it chose", () => {
    const db = {} as Database;
    expect(openSecretStore({ kind: "database", key: generateSecretKey(), source: "env" }, db)).toBeInstanceOf(
      DatabaseSecretStore,
    );
    expect(
      openSecretStore({ kind: "vault", address: "http://127.0.0.1:1", token: "t", mount: "kv" }, db),
    ).toBeInstanceOf(VaultSecretStore);
  });
});

describe("the environment", () => {
  it("validates SECRET_KEY without echoing it, and wants a token with VAULT_ADDR", () => {
    const weak = "short-and-guessable";
    const error = (() => {
      try {
        loadEnv({ SECRET_KEY: weak });
      } catch (e) {
        return e as Error;
      }
      throw new Error("expected loadEnv to fail");
    })();
    expect(error.message).toMatch(/SECRET_KEY: must be 32 random bytes/);
    expect(error.message).not.toContain(weak);
    expect(() => loadEnv({ VAULT_ADDR: "http://127.0.0.1:8200" })).toThrow(
      /VAULT_TOKEN: is required when VAULT_ADDR is set/,
    );
    const hex = "0f".repeat(32);
    expect(loadEnv({ SECRET_KEY: hex, VAULT_KV_MOUNT: "kv/outbound" })).toMatchObject({
      SECRET_KEY: hex,
      VAULT_KV_MOUNT: "kv/outbound",
    });
    expect(loadEnv({}).VAULT_KV_MOUNT).toBe("secret");
  });

  it("makes the server refuse to start on PostgreSQL without a secret key, before touching the database", async () => {
    const serverDir = fileURLToPath(new URL("..", import.meta.url));
    const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
    const { SECRET_KEY: _key, VAULT_ADDR: _addr, VAULT_TOKEN: _token, ...env } = process.env;
    const child = spawn(tsx, ["src/main.ts"], {
      cwd: serverDir,
      // Nothing listens on port 1: reaching the database would fail differently.
      env: { ...env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/outbound", PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += String(chunk);
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(output).toContain("Outbound can't start: On PostgreSQL (DATABASE_URL)");
    expect(output).not.toContain("ECONNREFUSED");
  });
});
