import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { enrollmentSummary } from "../lib/enrollment.js";
import { useTRPC } from "../lib/trpc.js";
import { ErrorBanner } from "./feedback.js";

/** Campaigns that still take enrollments (a completed or cancelled one answers CONFLICT). */
const OPEN = new Set(["draft", "scheduled", "active", "paused"]);

/** Enrolls the selected leads in a chosen campaign and says what happened to each kind of lead. */
export function EnrollSelected({ leadIds, onClear }: { leadIds: readonly string[]; onClear: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const campaigns = useQuery(trpc.campaigns.list.queryOptions({ limit: 200 }));
  const open = campaigns.data?.items.filter((c) => OPEN.has(c.status)) ?? [];
  const [campaignId, setCampaignId] = useState("");
  const chosen = campaignId || open[0]?.id || "";
  const enroll = useMutation(
    trpc.campaigns.leads.add.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() }),
    }),
  );
  if (leadIds.length === 0 && !enroll.data && !enroll.error) return null;
  return (
    <div className="enroll-bar" data-testid="enroll-selected">
      <div className="toolbar">
        <strong>{leadIds.length} selected</strong>
        <select aria-label="Campaign to enroll in" value={chosen} onChange={(e) => setCampaignId(e.target.value)}>
          {open.length === 0 && <option value="">No campaign takes enrollments</option>}
          {open.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.status})
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={leadIds.length === 0 || !chosen || enroll.isPending}
          onClick={() => enroll.mutate({ campaignId: chosen, leadIds: [...leadIds] }, { onSuccess: onClear })}
        >
          Enroll selected
        </button>
        {leadIds.length > 0 && (
          <button type="button" className="secondary" onClick={onClear}>
            Clear selection
          </button>
        )}
      </div>
      <ErrorBanner error={campaigns.error ?? enroll.error} />
      {enroll.data && (
        <p className="notice" data-testid="enroll-selected-result">
          {enrollmentSummary(enroll.data)}
        </p>
      )}
    </div>
  );
}
