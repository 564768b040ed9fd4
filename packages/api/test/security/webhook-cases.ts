import { newId } from "@outbound/db";
import { insertDeliveries, insertEndpoint } from "@outbound/db/queries/webhooks";
import type { CaseContext, ProcedureCase } from "./cases.js";

/**
 * An endpoint of the tenant, inserted directly. Its URL is on loopback, which this server refuses
 * to call outside development, so `webhooks.test` answers at once without any network.
 */
const endpointOf = (c: CaseContext, tenantId: string) =>
  insertEndpoint(c.db, { id: newId(), tenantId, url: "https://127.0.0.1:9/hook", events: ["lead.replied"] });

async function deliveryOf(c: CaseContext, tenantId: string) {
  const endpoint = await endpointOf(c, tenantId);
  const eventId = newId();
  const [row] = await insertDeliveries(c.db, [
    {
      tenantId,
      endpointId: endpoint.id,
      eventId,
      eventType: "lead.replied",
      payload: { id: eventId, type: "lead.replied", created: new Date().toISOString(), data: {} },
      // Not due: nothing dispatches it while the suite runs.
      nextAttemptAt: new Date(Date.now() + 365 * 24 * 3_600_000),
    },
  ]);
  if (!row) throw new Error("delivery insert returned nothing");
  return row;
}

const byEndpoint = (key: "id" | "endpointId", extra: Record<string, unknown> = {}): ProcedureCase => ({
  input: async (c) => ({ [key]: (await endpointOf(c, c.fixture.a.tenantId)).id, ...extra }),
  foreign: async (c) => ({ [key]: (await endpointOf(c, c.fixture.b.tenantId)).id, ...extra }),
});

export const webhookCases: Record<string, ProcedureCase> = {
  "webhooks.list": {},
  "webhooks.get": byEndpoint("id"),
  "webhooks.create": { input: () => ({ url: "https://hooks.example.test/outbound", events: ["lead.replied"] }) },
  "webhooks.update": byEndpoint("id", { description: "renamed" }),
  "webhooks.delete": byEndpoint("id"),
  "webhooks.rotateSecret": byEndpoint("id"),
  "webhooks.deliveries": byEndpoint("endpointId"),
  "webhooks.test": byEndpoint("id"),
  "webhooks.redeliver": {
    input: async (c) => ({ deliveryId: (await deliveryOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ deliveryId: (await deliveryOf(c, c.fixture.b.tenantId)).id }),
  },
};
