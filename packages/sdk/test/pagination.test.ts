import { createTestTenant, type TestTenant, useTestDatabase } from "@outbound/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOutboundClient, type OutboundClient, paginate } from "../src/index.js";
import { type FaultyServer, startFaultyServer } from "./support/faulty-server.js";

const database = useTestDatabase();
let server: FaultyServer;
let tenant: TestTenant;
let client: OutboundClient;
/** Newest first, as lists return them. */
let emails: string[];

beforeAll(async () => {
  server = await startFaultyServer(database.db);
  tenant = await createTestTenant(database.db, { plan: "scale" });
  client = createOutboundClient({ baseUrl: server.baseUrl, apiKey: tenant.apiKey });
  emails = [];
  for (let i = 0; i < 7; i++) {
    const email = `page-${i}@example.com`;
    await client.leads.create.mutate({ email, status: i % 2 === 0 ? "new" : "contacted" });
    emails.unshift(email);
  }
});

beforeEach(() => server.reset());

afterAll(async () => {
  await server?.close();
});

describe("paginate", () => {
  it("walks every item of a list, page by page, following nextCursor", async () => {
    const seen: string[] = [];
    for await (const lead of client.paginate(client.leads.list, { limit: 3 })) seen.push(lead.email);
    expect(seen).toEqual(emails);
    expect(server.requests).toHaveLength(3);
  });

  it("keeps the filters on every page", async () => {
    const seen: string[] = [];
    for await (const lead of paginate(client.leads.list, { limit: 2, status: "contacted" })) {
      expect(lead.status).toBe("contacted");
      seen.push(lead.email);
    }
    expect(seen).toEqual(["page-5@example.com", "page-3@example.com", "page-1@example.com"]);
    expect(server.requests).toHaveLength(2);
  });

  it("works without input, using the list's default page size", async () => {
    const seen: string[] = [];
    for await (const lead of paginate(client.leads.list)) seen.push(lead.email);
    expect(seen).toEqual(emails);
  });

  it("fetches no further pages once the loop stops", async () => {
    const seen: string[] = [];
    for await (const lead of paginate(client.leads.list, { limit: 3 })) {
      seen.push(lead.email);
      if (seen.length === 4) break;
    }
    expect(seen).toEqual(emails.slice(0, 4));
    expect(server.requests).toHaveLength(2);
  });

  it("resumes from a cursor given in the input", async () => {
    const first = await client.leads.list.query({ limit: 2 });
    const rest: string[] = [];
    for await (const lead of paginate(client.leads.list, { limit: 2, cursor: first.nextCursor ?? undefined })) {
      rest.push(lead.email);
    }
    expect(rest).toEqual(emails.slice(2));
  });

  it("is typed by the procedure and accepts only list procedures", async () => {
    const first = await paginate(client.leads.list, { limit: 1 }).next();
    if (!first.done) {
      const email: string = first.value.email;
      // @ts-expect-error leads have no `title`
      first.value.title;
      expect(email).toBe(emails[0]);
    }
    // @ts-expect-error leads.get returns one lead, not a page
    paginate(client.leads.get, { id: "x" });
    // @ts-expect-error list filters are checked
    paginate(client.leads.list, { status: "vip" });
  });
});
