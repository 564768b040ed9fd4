// End to end: the built dashboard, served by the real server entry point on a throw-away embedded
// database, driven in Debian's Chromium. Screenshots of each main view go to test-output/. A DNS
// server and an SMTP sink on loopback let a domain verify and a campaign really send.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppRouter } from "@outbound/api";
import { startDnsServer, type TestDnsServer } from "@outbound/testing/dns-server";
import { type SmtpSink, startSmtpSink } from "@outbound/testing/smtp-sink";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import superjson from "superjson";
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
let dns: TestDnsServer | null = null;
let sink: SmtpSink | null = null;
const SMTP_LOGIN = { user: "sender", password: "sink password" };

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

/** A loopback port nothing listens on: a mailbox's IMAP settings pointing there fail to connect. */
async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The API as the signed-in tab calls it: for what a person does outside the dashboard (publishing DNS records). */
async function apiAs(page: Page) {
  const token = await page.evaluate(
    () => sessionStorage.getItem("outbound.session") ?? localStorage.getItem("outbound.session"),
  );
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({ url: `${baseUrl}/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } }),
    ],
  });
}

/** Reloads, lets every pending query settle, and reads the locator: for state the server changes on its own. */
async function reloadAndRead(page: Page, locator: ReturnType<Page["locator"]>): Promise<string> {
  await page.reload();
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await page.locator('[aria-busy="true"]').first().waitFor({ state: "detached" });
  return (await locator.textContent({ timeout: 5_000 }).catch(() => null)) ?? "";
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
    dns = await startDnsServer();
    sink = await startSmtpSink({ users: { [SMTP_LOGIN.user]: SMTP_LOGIN.password } });
    const build = spawnSync("node", ["scripts/build-if-stale.mjs"], { cwd: dashboardDir, stdio: "inherit" });
    if (build.status !== 0) throw new Error("dashboard build failed");
    work = mkdtempSync(join(tmpdir(), "outbound-dashboard-e2e-"));
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const env = {
      ...inherited,
      DATA_DIR: join(work, "pglite"),
      PORT: "0",
      LOG_LEVEL: "warn",
      DNS_SERVERS: dns.address,
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
    await dns?.close();
    await sink?.close();
  });

  it("signs up and in, imports leads past a quota, changes plan, builds and sends campaigns, reads messages, suppresses, and suspends as staff", {
    timeout: 420_000,
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

    // Templates: a folder and a tag; the template goes into the one and gets the other, and the
    // library filters by each (a second template stays out).
    const organizer = page.getByTestId("folders-and-tags");
    await organizer.getByLabel("New folder").fill("Follow-ups");
    await organizer.getByRole("button", { name: "Add folder" }).click();
    await organizer.getByText("Follow-ups").waitFor();
    await organizer.getByLabel("New tag").fill("industry");
    await organizer.getByLabel("Value (optional)").fill("saas");
    await organizer.getByRole("button", { name: "Add tag" }).click();
    await organizer.getByText("industry: saas").waitFor();
    const links = page.getByTestId("template-links");
    await links.getByLabel("Move to folder").selectOption({ label: "Follow-ups" });
    await links.getByTestId("template-folders").getByText("Follow-ups").waitFor();
    await links.getByLabel("Add tag").selectOption({ label: "industry: saas" });
    await links.getByTestId("template-tags").getByText("industry: saas").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Breakup");
    await page.getByLabel("Subject", { exact: true }).fill("Should I close your file, {{first_name}}?");
    await page.getByRole("button", { name: "Create template" }).click();
    const library = page.getByTestId("template-library");
    await library.getByRole("button", { name: "Breakup" }).waitFor();
    await page.getByLabel("Folder", { exact: true }).selectOption({ label: "Follow-ups" });
    await expect.poll(() => library.getByRole("button").allTextContents()).toEqual(["Intro"]);
    await page.getByLabel("Folder", { exact: true }).selectOption({ label: "Every folder" });
    await page.getByLabel("Tag", { exact: true }).selectOption({ label: "industry: saas" });
    await expect.poll(() => library.getByRole("button").allTextContents()).toEqual(["Intro"]);
    await library.getByRole("button", { name: "Intro" }).click();
    await links.getByRole("heading", { name: "Intro" }).waitFor();
    await expect.poll(() => preview.locator(".email-preview").textContent()).toContain("Quick question");
    await shot(page, "06b-template-folders-tags");

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
    // The records published at the DNS host (the loopback DNS server), the domain verifies.
    const api = await apiAs(page);
    const domainName = `mail-${run}.example.com`;
    const listed = (await api.domains.list.query({ limit: 100 })).items.find((d) => d.domain === domainName);
    dns?.publish((await api.domains.get.query({ id: listed?.id ?? "" })).dnsRecords);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => page.locator(".card .toolbar .badge").first().textContent()).toBe("verified");
    await shot(page, "08-domains");

    // Mailboxes: one sending through the SMTP sink, whose IMAP server can't be reached.
    await nav(page, "Mailboxes");
    const sender = `sam@${domainName}`;
    await page.getByLabel("Address", { exact: true }).fill(sender);
    await page.getByLabel("SMTP host").fill("127.0.0.1");
    await page.getByLabel("Port", { exact: true }).fill(String(sink?.port));
    // A label around a select also holds its options' text, so selects are found by name here.
    await page.locator('select[name="security"]').selectOption("none");
    await page.getByLabel("User name", { exact: true }).fill(SMTP_LOGIN.user);
    await page.getByLabel("Password", { exact: true }).fill(SMTP_LOGIN.password);
    await page.getByText("Inbound (IMAP)").click();
    await page.getByLabel("IMAP host").fill("127.0.0.1");
    await page.getByLabel("IMAP port").fill(String(await closedPort()));
    await page.locator('select[name="imapSecurity"]').selectOption("none");
    await page.getByRole("button", { name: "Add mailbox" }).click();
    const mailboxRow = page.locator("tr", { hasText: sender });
    await mailboxRow.getByRole("button", { name: "Test connection" }).click();
    await mailboxRow.getByText("connected").waitFor();

    // A second campaign that really sends: one email step, the template, from that mailbox.
    await nav(page, "Campaigns");
    await page.getByLabel("Name", { exact: true }).fill("Send test");
    await page.getByRole("button", { name: "Create campaign" }).click();
    await page.getByRole("heading", { name: /Send test/ }).waitFor();
    await page.getByRole("button", { name: "+ email step" }).click();
    const steps = page.getByTestId("steps");
    await steps.locator('select[name="templateId"]').selectOption({ label: "Intro" });
    await steps.locator('select[name="emailAccountId"]').selectOption({ label: sender });
    await steps.getByRole("button", { name: "Save" }).click();
    await steps.getByText("Saved").waitFor();
    await page.getByRole("button", { name: "Launch" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).locator(".badge").textContent()).toBe("active");

    // Leads: picked by hand and enrolled in a chosen campaign, with what was skipped and why.
    await nav(page, "Leads");
    await page.getByRole("searchbox").fill("lovelace");
    await expect.poll(() => page.getByTestId("leads-table").locator("tbody tr").count()).toBe(1);
    const enrollBar = page.getByTestId("enroll-selected");
    await page.getByLabel("Select every lead on this page").check();
    await enrollBar.getByLabel("Campaign to enroll in").selectOption({ label: "Launch test (draft)" });
    await enrollBar.getByRole("button", { name: "Enroll selected" }).click();
    await expect
      .poll(() => page.getByTestId("enroll-selected-result").textContent())
      .toBe("0 enrolled; skipped 1 already enrolled");
    await page.getByLabel("Select ada@lovelace.example").check();
    await enrollBar.getByLabel("Campaign to enroll in").selectOption({ label: "Send test (active)" });
    await enrollBar.getByRole("button", { name: "Enroll selected" }).click();
    await expect.poll(() => page.getByTestId("enroll-selected-result").textContent()).toBe("1 enrolled");
    await shot(page, "08b-leads-enroll");

    // The engine sends to Ada through the sink; her message is listed from the campaign, with its events.
    const [mail] = (await sink?.waitFor(1, 60_000)) ?? [];
    expect(mail?.to).toEqual(["ada@lovelace.example"]);
    await nav(page, "Campaigns");
    await page.getByRole("link", { name: "Send test" }).click();
    await page.getByRole("link", { name: "Messages →" }).click();
    await page.getByRole("heading", { name: "Messages", level: 1 }).waitFor();
    expect(page.url()).toContain("campaignId=");
    const messageRow = page.getByTestId("messages-table").locator("tbody tr", { hasText: "ada@lovelace.example" });
    await expect
      .poll(() => reloadAndRead(page, messageRow.locator(".badge").first()), { timeout: 60_000 })
      .toBe("sent");
    await messageRow.getByRole("button", { name: "ada@lovelace.example" }).click();
    const detail = page.getByTestId("message-detail");
    await expect.poll(() => detail.getByTestId("message-events").locator(".badge").first().textContent()).toBe("sent");
    expect(await detail.textContent()).toContain("Quick question, Ada");
    await shot(page, "08c-messages");
    await page.getByLabel("Status", { exact: true }).selectOption("bounced");
    await page.getByText("No messages match.").waitFor();
    expect(page.url()).toContain("status=bounced");

    // Suppressions: a field error beside the field, a domain and an address added with their
    // reasons (the address ends Ada's open enrollment), a search, and a removal.
    await nav(page, "Suppressions");
    const value = page.getByLabel("Address or @domain");
    const suppress = page.getByRole("button", { name: "Suppress", exact: true });
    await value.fill("not an address");
    await suppress.click();
    await expect.poll(() => page.locator(".field-error").first().textContent()).toContain("email address or @domain");
    await value.fill(`@blocked-${run}.example`);
    await suppress.click();
    await expect
      .poll(() => page.getByTestId("suppression-result").textContent())
      .toBe(`Suppressed @blocked-${run}.example; 0 active enrollments ended.`);
    await value.fill("ada@lovelace.example");
    await page.locator('select[name="reason"]').selectOption("unsubscribed");
    await suppress.click();
    await expect
      .poll(() => page.getByTestId("suppression-result").textContent())
      .toMatch(/^Suppressed ada@lovelace\.example; [1-9]\d* active enrollments? ended\.$/);
    const suppressions = page.getByTestId("suppressions-table");
    const adaRow = suppressions.locator("tbody tr", { hasText: "ada@lovelace.example" });
    await expect.poll(() => adaRow.locator(".badge").textContent()).toBe("unsubscribed");
    await shot(page, "08d-suppressions");
    await page.getByLabel("Search suppressions").fill("blocked");
    await expect.poll(() => suppressions.locator("tbody tr").count()).toBe(1);
    await page.getByRole("button", { name: `Remove @blocked-${run}.example` }).click();
    await page.getByText("No suppression matches.").waitFor();

    // Mailboxes: the engine's IMAP poll of the mailbox failed, and the row says so with the error.
    await nav(page, "Mailboxes");
    const inbound = page.locator("tr", { hasText: sender }).getByTestId("inbound-status");
    await expect.poll(() => reloadAndRead(page, inbound), { timeout: 60_000 }).toContain("failing");

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
    await page.getByRole("button", { name: "Menu" }).click();
    await nav(page, "Messages");
    await page.getByTestId("messages-table").waitFor();
    await shot(page, "13b-phone-messages");
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
