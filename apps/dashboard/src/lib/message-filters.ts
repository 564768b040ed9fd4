import type { RouterInputs } from "./router-types.js";

type MessageStatus = NonNullable<Extract<RouterInputs["messages"]["list"], object>["status"]>;
export const MESSAGE_STATUSES = ["queued", "sent", "failed", "bounced"] as const satisfies readonly MessageStatus[];

/** The messages view's filters, kept in the URL's search params. */
export interface MessageFilters {
  campaignId?: string | undefined;
  emailAccountId?: string | undefined;
  status?: (typeof MESSAGE_STATUSES)[number] | undefined;
}

/** The URL's search params as filters: unknown keys, empty values and unknown statuses are dropped. */
export function messageFiltersFrom(search: Record<string, unknown>): MessageFilters {
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  return {
    campaignId: text(search.campaignId),
    emailAccountId: text(search.emailAccountId),
    status: MESSAGE_STATUSES.find((s) => s === search.status),
  };
}
