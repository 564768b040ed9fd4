import { trpcCode } from "@outbound/testing";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { ISO_DATE, uniqueTag, useRestTenant } from "./rest-fixture.js";

// REST's coercion used to stay on the shared input schemas after the first REST call; the
// order in this file (tRPC, then REST, then tRPC again, in one process) is the point.
const t = useRestTenant();

/** The tRPC error code of a call over HTTP /trpc (superjson, as the SDK sends it), or "OK". */
async function trpcOverHttp(kind: "query" | "mutation", path: string, input: unknown): Promise<string> {
  const headers = { authorization: `Bearer ${t.tenant.apiKey}`, "content-type": "application/json" };
  const serialized = JSON.stringify(superjson.serialize(input));
  const response =
    kind === "query"
      ? await fetch(`${t.server.base}/trpc/${path}?input=${encodeURIComponent(serialized)}`, { headers })
      : await fetch(`${t.server.base}/trpc/${path}`, { method: "POST", headers, body: serialized });
  const body = (await response.json()) as { error?: { json: { data: { code: string } } } };
  return body.error ? body.error.json.data.code : "OK";
}

async function draftCampaign(): Promise<{ id: string; updated: string }> {
  const company = await t.api.post("/companies", { name: "Coercion", workspaceName: `rest-${uniqueTag()}` });
  const draft = await t.api.post("/campaigns", { companyId: company.body.id, name: "Strict" });
  expect(draft.status).toBe(200);
  return draft.body;
}

describe("REST's coercion stays in REST", () => {
  it("tRPC refuses a string or null for a number before and after REST coerced the query string", async () => {
    expect(await trpcOverHttp("query", "leads.list", { limit: "10" })).toBe("BAD_REQUEST");
    expect(await trpcCode(t.tenant.caller.leads.list({ limit: null as unknown as number }))).toBe("BAD_REQUEST");

    const listed = await t.api.get("/leads?limit=10");
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: expect.any(Array), nextCursor: null });

    expect(await trpcOverHttp("query", "leads.list", { limit: "10" })).toBe("BAD_REQUEST");
    expect(await trpcOverHttp("query", "leads.list", { limit: null })).toBe("BAD_REQUEST");
    expect(await trpcCode(t.tenant.caller.leads.list({ limit: "10" as unknown as number }))).toBe("BAD_REQUEST");
    expect(await trpcOverHttp("query", "leads.list", { limit: 10 })).toBe("OK");
  });

  it("tRPC refuses a string for a boolean and a number for a date after REST took JSON booleans and ISO dates", async () => {
    const draft = await draftCampaign();
    const stopOnReply = "false" as unknown as boolean;
    expect(await trpcOverHttp("mutation", "campaigns.update", { id: draft.id, stopOnReply })).toBe("BAD_REQUEST");
    expect(await trpcOverHttp("mutation", "campaigns.schedule", { id: draft.id, at: Date.now() })).toBe("BAD_REQUEST");

    const updated = await t.api.patch(`/campaigns/${draft.id}`, { stopOnReply: false, expectedUpdated: draft.updated });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ stopOnReply: false, updated: expect.stringMatching(ISO_DATE) });
    // The ISO date is read as a date: the empty sequence is what refuses it, not the input.
    const scheduled = await t.api.post(`/campaigns/${draft.id}/schedule`, { at: new Date(Date.now() + 3_600_000) });
    expect(scheduled.status).toBe(409);

    expect(await trpcOverHttp("mutation", "campaigns.update", { id: draft.id, stopOnReply })).toBe("BAD_REQUEST");
    expect(await trpcCode(t.tenant.caller.campaigns.update({ id: draft.id, stopOnReply }))).toBe("BAD_REQUEST");
    expect(await trpcOverHttp("mutation", "campaigns.schedule", { id: draft.id, at: Date.now() })).toBe("BAD_REQUEST");
    const expectedUpdated = updated.body.updated as unknown as Date;
    expect(await trpcCode(t.tenant.caller.campaigns.update({ id: draft.id, expectedUpdated }))).toBe("BAD_REQUEST");
    expect(await trpcOverHttp("mutation", "campaigns.update", { id: draft.id, stopOnReply: true })).toBe("OK");
  });

  it("stays strict on tRPC while REST requests run beside it", async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        i % 2 === 0
          ? t.api.get("/leads?limit=5").then((answer) => String(answer.status))
          : trpcOverHttp("query", "leads.list", { limit: "5" }),
      ),
    );
    expect(answers).toEqual(["200", "BAD_REQUEST", "200", "BAD_REQUEST", "200", "BAD_REQUEST"]);
  });
});
