import { useTestDatabase } from "@outbound/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VaultSecretStore } from "../src/services/secrets/vault-secret-store.js";
import { mailboxTenant, smtpSettings } from "./email-accounts-helpers.js";
import { VaultServer } from "./support/vault-server.js";

const database = useTestDatabase();
const vault = new VaultServer();
let store: VaultSecretStore;

beforeAll(async () => {
  store = new VaultSecretStore({ address: await vault.start(), token: vault.token, mount: "kv" });
});
afterAll(async () => {
  await vault.stop();
});

describe("deleting while the secret store is down", () => {
  it("deletes the domain and the mailbox and says so, although their secrets could not be removed", async () => {
    vault.sealed = false;
    const t = await mailboxTenant(database.db, store, { maxDomains: 5 });
    const mailbox = await t.caller.emailAccounts.create({
      domainId: t.domain.id,
      email: `sales@${t.domain.domain}`,
      smtp: smtpSettings(),
    });
    const company = await t.caller.companies.create({ name: "Keys", workspaceName: `keys-${crypto.randomUUID()}` });
    const domain = await t.caller.domains.create({ companyId: company.id, domain: `keys-${Date.now()}.example.test` });
    const heldBefore = vault.secrets.size;

    vault.sealed = true;
    try {
      expect(await t.caller.emailAccounts.delete({ id: mailbox.id })).toEqual({ id: mailbox.id, deleted: true });
      expect(await t.caller.domains.delete({ id: domain.id })).toMatchObject({ id: domain.id });
    } finally {
      vault.sealed = false;
    }
    expect((await t.caller.emailAccounts.list({})).items.map((m) => m.id)).not.toContain(mailbox.id);
    expect((await t.caller.domains.list({})).items.map((d) => d.id)).not.toContain(domain.id);
    // What could not be removed stays at paths no row names any more.
    expect(vault.secrets.size).toBe(heldBefore);
  });
});
