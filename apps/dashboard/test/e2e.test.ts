// End to end: the built dashboard, served by the real server entry point on a throw-away embedded
// database, driven in Debian's Chromium. Screenshots of each main view go to test-output/.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`Skipping the dashboard browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);
}

const dashboardDir = fileURLToPath(new URL("..", import.meta.url));
const serverDir = fileURLToPath(new URL("../../server", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const outDir = join(dashboardDir, "test-output");
const run = Date.now().toString(36);
const owner = { email: `owner-${run}@example.com`, password: "a long owner passphrase", tenant: `E2E Outreach ${run}` };
const staff = { email: `staff-${run}@example.com`, password: "a long staff passphrase" };
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let work = "";
let server: ChildProcess | null = null;
let context: BrowserContext | null = null;
let baseUrl = "";

/** An integrator's webhook receiver on loopback: keeps each request's signature header and body. */
const hooks: { signature: string; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => {
    body += String(chunk);
  });
  req.on("end", () => {
    hooks.push({ signature: String(req.headers["outbound-signature"] ?? ""), body });
    res.end("ok");
  });
});

async function startServer(env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(tsx, ["src/main.ts"], { cwd: serverDir, env, stdio: ["ignore", "pipe", "pipe"] });
  server = child;
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const deadline = Date.now() + 90_000;
  while (!/Dashboard on (\S+)\/app\//.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return /Dashboard on (\S+)\/app\//.exec(output)?.[1] ?? "";
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
}

async function nav(page: Page, label: string): Promise<void> {
  await page.getByRole("navigation").getByRole("link", { name: label, exact: true }).click();
  await expect.poll(() => page.getByRole("heading", { level: 1 }).first().textContent()).toContain(label);
}

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
}

function csvOf(count: number): Buffer {
  const lines = ["email,name,company"];
  for (let i = 0; i < count; i++) lines.push(`lead${i}-${run}@import.example,"Lead ${i}","Co, ${i % 7}"`);
  return Buffer.from(`${lines.join("\n")}\n`);
}

describe.skipIf(!hasChromium)("the dashboard in a browser", () => {
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    receiver.listen(0, "127.0.0.1");
    await new Promise((resolve) => receiver.once("listening", resolve));
    const build = spawnSync("node", ["scripts/build-if-stale.mjs"], { cwd: dashboardDir, stdio: "inherit" });
    if (build.status !== 0) throw new Error("dashboard build failed");
    work = mkdtempSync(join(tmpdir(), "outbound-dashboard-e2e-"));
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const env = {
      ...inherited,
      DATA_DIR: join(work, "pglite"),
      PORT: "0",
      LOG_LEVEL: "warn",
      DNS_SERVERS: "127.0.0.1:9",
      JOBS_INTERVAL_MS: "0",
    };
    // The embedded database serves one process at a time: the staff user first, then the server.
    const cli = spawnSync(
      tsx,
      ["src/cli.ts", "staff:create", "--email", staff.email, "--role", "superadmin", "--password", staff.password],
      { cwd: serverDir, env, encoding: "utf8" },
    );
    if (cli.status !== 0) throw new Error(`staff:create failed:\n${cli.stdout}\n${cli.stderr}`);
    baseUrl = await startServer(env);
    context = await chromium.launchPersistentContext(join(work, "chromium"), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 860 },
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.on("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    if (work) rmSync(work, { recursive: true, force: true });
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("signs up and in, adds and imports leads past a quota, changes plan, builds a campaign, and suspends as staff", {
    timeout: 240_000,
  }, async () => {
    if (!context) throw new Error("no browser");
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("dialog", (dialog) => void dialog.accept("Abuse report from the e2e test"));
    page.setDefaultTimeout(20_000);

    await page.goto(`${baseUrl}/app/`);
    await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    await shot(page, "01-sign-in");

    // A wrong password is shown on the form, not thrown away.
    await page.getByLabel("Email", { exact: true }).fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill("wrong password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("alert").waitFor();

    await page.getByRole("button", { name: "New here? Create a workspace" }).click();
    await page.getByLabel("Your name").fill("Olive Owner");
    await page.getByLabel("Workspace name").fill(owner.tenant);
    await page.getByLabel("Email", { exact: true }).fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill(owner.password);
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await page.getByTestId("usage-chart").locator(".recharts-bar-rectangle, .recharts-bar").first().waitFor();
    await shot(page, "02-overview");

    // The session token survives a reload (sessionStorage) and signOut ends it; signIn gets a new one.
    await page.reload();
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await signOut(page);
    await signIn(page, owner);

    // Leads: one by hand, a field error beside the field, then an import the free plan refuses.
    await nav(page, "Leads");
    await page.getByLabel("Email", { exact: true }).fill("ada@lovelace.example");
    await page.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
    await page.getByRole("button", { name: "Add lead" }).click();
    await page.getByTestId("leads-table").getByText("ada@lovelace.example").waitFor();
    await page.getByLabel("Email", { exact: true }).fill("not an email");
    await page.getByRole("button", { name: "Add lead" }).click();
    await expect.poll(() => page.locator(".field-error").first().textContent()).toContain("valid email");

    await page.getByLabel("CSV file").setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: csvOf(1200) });
    const quota = page.getByRole("alert").filter({ hasText: "Your plan allows 250 contacts" });
    await quota.waitFor();
    expect(await quota.getByRole("link", { name: /Change plan/ }).count()).toBe(1);
    await shot(page, "03-leads-quota");

    // Billing: upgrade from the quota banner's link, then the same import goes through in chunks.
    await quota.getByRole("link", { name: /Change plan/ }).click();
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Switch to Starter" }).click();
    await expect.poll(() => page.getByTestId("current-plan").textContent()).toContain("Starter");
    await page.getByText("Plan changed.").waitFor();
    await shot(page, "04-billing");

    await nav(page, "Leads");
    await page.getByLabel("CSV file").setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: csvOf(1200) });
    await expect.poll(() => page.getByTestId("import-result").textContent()).toContain("1200 added");
    expect(await page.getByRole("progressbar").textContent()).toContain("1200 / 1200");
    await page.getByRole("searchbox").fill("ada@");
    await expect.poll(() => page.getByTestId("leads-table").locator("tbody tr").count()).toBe(1);
    await page.getByRole("searchbox").fill("");
    await shot(page, "05-leads");

    // Templates: create one and preview it for a lead.
    await nav(page, "Templates");
    await page.getByLabel("Name", { exact: true }).fill("Intro");
    await page.getByLabel("Subject", { exact: true }).fill("Quick question, {{first_name}}");
    await page.getByRole("button", { name: "Create template" }).click();
    const preview = page.getByTestId("template-preview");
    await preview.getByText("Subject:").waitFor();
    await preview.getByLabel("Find a lead").fill("lovelace");
    await preview.getByRole("option", { name: "Ada Lovelace" }).waitFor({ state: "attached" });
    await preview.getByLabel("As sent to").selectOption({ label: "Ada Lovelace" });
    await expect.poll(() => preview.locator(".email-preview").textContent()).toContain("Quick question, Ada");
    await shot(page, "06-templates");

    // Campaigns: a company first, then a campaign with three steps, reordered, and its launch blockers.
    await nav(page, "Campaigns");
    await page.getByLabel("Company name").fill("E2E Co");
    await page.getByLabel(/Workspace name/).fill(`e2e-${run}`);
    await page.getByRole("button", { name: "Create company" }).click();
    await page.getByRole("heading", { name: "New campaign" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Launch test");
    await page.getByRole("button", { name: "Create campaign" }).click();
    await page.getByRole("heading", { name: /Launch test/ }).waitFor();
    for (const type of ["email", "wait", "condition"]) {
      await page.getByRole("button", { name: `+ ${type} step` }).click();
      await page
        .getByTestId("steps")
        .getByText(new RegExp(`\\d\\. ${type}`))
        .waitFor();
    }
    await page.getByRole("button", { name: "Move step 2 up" }).click();
    await expect
      .poll(() => page.getByTestId("steps").locator(".step-head strong").allTextContents())
      .toEqual(["1. wait", "2. email", "3. condition"]);
    await page.getByRole("button", { name: "Launch" }).click();
    const blockers = page.getByTestId("launch-blockers");
    await blockers.locator(".blockers li").first().waitFor();
    const blockerText = await blockers.textContent();
    expect(blockerText).toContain("has no template");
    expect(blockerText).toContain("has no mailbox");
    // Enrollments: the tenant's new leads join the draft; the activity card counts them.
    await page.getByRole("button", { name: "Enroll all new leads" }).click();
    await expect.poll(() => page.getByTestId("enroll-result").textContent()).toMatch(/^[1-9]\d* enrolled/);
    await page.getByTestId("enrollments").locator("tbody tr").first().waitFor();
    await expect.poll(() => page.getByTestId("campaign-stats").textContent()).toMatch(/Enrollments: [1-9]\d* active/);
    await shot(page, "07-campaign");

    // Domains: the records to publish, each with a copy button.
    await nav(page, "Domains");
    await page.getByLabel("Sending domain").fill(`mail-${run}.example.com`);
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByRole("heading", { name: `mail-${run}.example.com` }).waitFor();
    expect(await page.getByRole("button", { name: "Copy" }).count()).toBeGreaterThan(4);
    await shot(page, "08-domains");

    for (const [label, file] of [
      ["Mailboxes", "09-mailboxes"],
      ["Members", "10-members"],
      ["API keys", "11-api-keys"],
      ["Settings", "12-settings"],
    ] as const) {
      await nav(page, label);
      await page.locator('[aria-busy="true"]').first().waitFor({ state: "detached" });
      await shot(page, file);
    }

    // Members: a new address is an invitation; its link, opened in another tab, lets the person join.
    await nav(page, "Members");
    await page.getByLabel("Email", { exact: true }).fill(`invitee-${run}@example.com`);
    await page.getByRole("button", { name: "Add member" }).click();
    const link = await page.locator(".notice code").textContent();
    const invitation = await context.newPage();
    invitation.on("pageerror", (error) => pageErrors.push(error.message));
    // The link is built on PUBLIC_URL (port 0 here): its path and fragment are what matter.
    const { pathname, hash } = new URL(link ?? "");
    expect(hash).toMatch(/^#token=[\w-]+\.[\w-]+$/);
    await invitation.goto(`${baseUrl}${pathname}${hash}`);
    await invitation.getByLabel("Your name").fill("Ivy Invitee");
    await invitation.getByLabel("Password", { exact: true }).fill("an invited passphrase");
    await invitation.getByRole("button", { name: "Join" }).click();
    await invitation.getByRole("button", { name: "Sign out" }).waitFor();
    await invitation.getByRole("heading", { name: "Overview" }).waitFor();
    await shot(invitation, "12b-invitation-accepted");
    await invitation.close();
    await page.reload();
    await page.getByText(`invitee-${run}@example.com`).waitFor();

    // Webhooks: an endpoint on the loopback receiver, its secret shown once, a signed test event
    // delivered and listed with its attempt.
    await nav(page, "Webhooks");
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    await page.getByLabel("URL", { exact: true }).fill(hookUrl);
    await page.getByLabel("message.bounced").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").locator("code").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: "Send test" }).click();
    await expect.poll(() => page.getByTestId("webhook-test-result").textContent()).toContain("delivered (HTTP 200)");
    const [hook] = hooks;
    expect(JSON.parse(hook?.body ?? "{}")).toMatchObject({ type: "webhook.test" });
    const t = /t=(\d+)/.exec(hook?.signature ?? "")?.[1];
    expect(hook?.signature).toContain(`v1=${createHmac("sha256", secret).update(`${t}.${hook?.body}`).digest("hex")}`);
    await page.getByRole("button", { name: "Deliveries" }).click();
    const deliveries = page.getByTestId("webhook-deliveries");
    await deliveries.getByText("webhook.test").waitFor();
    expect(await deliveries.locator(".badge").first().textContent()).toBe("delivered");
    await page.getByText("message.bounced, lead.replied").waitFor();
    await shot(page, "12c-webhooks");

    // Phone width: the menu folds away behind a button.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Menu" }).click();
    await nav(page, "Leads");
    await shot(page, "13-phone-leads");
    await page.setViewportSize({ width: 1280, height: 860 });

    // Staff: the staff views appear by permission; suspend the tenant signed up above.
    await signOut(page);
    await signIn(page, staff);
    await nav(page, "Tenants");
    const row = page.locator(`tr[data-tenant="${owner.tenant}"]`);
    await row.getByRole("button", { name: "Suspend" }).click();
    await expect.poll(() => row.locator(".badge").textContent()).toBe("suspended");
    await row.getByRole("button", { name: "Restore" }).waitFor();
    await shot(page, "14-staff-tenants");
    for (const [label, file] of [
      ["Plans", "15-staff-plans"],
      ["IP pool", "16-staff-ip-pool"],
      ["Feature flags", "17-staff-flags"],
      ["System config", "18-staff-config"],
      ["Cost report", "19-staff-costs"],
    ] as const) {
      await page.getByRole("navigation").getByRole("link", { name: label, exact: true }).click();
      await page.locator('[aria-busy="true"]').first().waitFor({ state: "detached" });
      await shot(page, file);
    }

    // The suspended owner is refused with a message on the sign-in page.
    await signOut(page);
    await page.getByLabel("Email", { exact: true }).fill(owner.email);
    await page.getByLabel("Password", { exact: true }).fill(owner.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("alert").waitFor();
    await shot(page, "20-suspended-sign-in");

    expect(pageErrors).toEqual([]);
  });
});
