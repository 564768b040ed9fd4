import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { CampaignActivity } from "../components/campaign-activity.js";
import { ErrorBanner, Loading } from "../components/feedback.js";
import { StepEditor } from "../components/step-editor.js";
import { formatDate } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";

/** Which lifecycle moves the state machine allows from each status (domain/campaign-status.ts). */
const MOVES: Record<string, readonly ("launch" | "pause" | "resume" | "complete" | "cancel")[]> = {
  draft: ["launch", "cancel"],
  scheduled: ["launch", "cancel"],
  active: ["pause", "complete", "cancel"],
  paused: ["resume", "complete", "cancel"],
};

export function CampaignView({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const campaign = useQuery(trpc.campaigns.get.queryOptions({ id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
  const options = { onSuccess: () => void refresh() };
  const launch = useMutation(trpc.campaigns.launch.mutationOptions(options));
  const pause = useMutation(trpc.campaigns.pause.mutationOptions(options));
  const resume = useMutation(trpc.campaigns.resume.mutationOptions(options));
  const complete = useMutation(trpc.campaigns.complete.mutationOptions(options));
  const cancel = useMutation(trpc.campaigns.cancel.mutationOptions(options));
  const actions = { launch, pause, resume, complete, cancel };
  const lastError = [launch, pause, resume, complete, cancel].find((m) => m.error)?.error;
  if (campaign.isPending) return <Loading />;
  if (campaign.error) return <ErrorBanner error={campaign.error} />;
  const c = campaign.data;
  const editable = c.status === "draft" || c.status === "paused";
  return (
    <section>
      <p>
        <Link to="/campaigns">← Campaigns</Link>
      </p>
      <h1>
        {c.name} <span className={`badge ${c.status}`}>{c.status}</span>
      </h1>
      {c.description && <p className="muted">{c.description}</p>}
      <div className="card">
        <div className="toolbar">
          {(MOVES[c.status] ?? []).map((move) => (
            <button
              key={move}
              type="button"
              className={move === "cancel" ? "danger" : move === "launch" || move === "resume" ? "" : "secondary"}
              disabled={actions[move].isPending}
              onClick={() => {
                for (const m of Object.values(actions)) m.reset();
                actions[move].mutate({ id });
              }}
            >
              {move[0]?.toUpperCase()}
              {move.slice(1)}
            </button>
          ))}
          <span className="muted small-text">Created {formatDate(c.created)}</span>
        </div>
        {lastError && (
          <div data-testid="launch-blockers">
            <ErrorBanner error={lastError} />
          </div>
        )}
      </div>
      <div className="card">
        <h2>Sequence</h2>
        {!editable && <p className="muted">Steps can be edited while the campaign is a draft or paused.</p>}
        <StepEditor campaignId={id} editable={editable} />
      </div>
      <CampaignActivity campaignId={id} />
    </section>
  );
}
