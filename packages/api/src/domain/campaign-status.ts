/**
 * The campaign lifecycle as a pure table (no database):
 *
 *   draft ──schedule──▶ scheduled ──launch──▶ active ⇄ (pause / resume) ⇄ paused
 *     └──────────────launch──────────────────▲   │ complete           │ complete
 *                                                ▼                    ▼
 *                                            completed            completed
 *
 * `cancel` ends any unfinished campaign (draft, scheduled, active, paused). `completed` and
 * `cancelled` are final. A draft may launch at once without being scheduled first, and a
 * scheduled campaign may launch before its time. Every other move is illegal.
 */
export const CAMPAIGN_STATUSES = ["draft", "scheduled", "active", "paused", "completed", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_ACTIONS = ["schedule", "launch", "pause", "resume", "complete", "cancel"] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

const MOVES: Record<CampaignAction, Partial<Record<CampaignStatus, CampaignStatus>>> = {
  schedule: { draft: "scheduled" },
  launch: { draft: "active", scheduled: "active" },
  pause: { active: "paused" },
  resume: { paused: "active" },
  complete: { active: "completed", paused: "completed" },
  cancel: { draft: "cancelled", scheduled: "cancelled", active: "cancelled", paused: "cancelled" },
};

/** Statuses whose steps may change: nothing sends from them (a paused campaign resumes with the edited sequence). */
export const STEP_EDITABLE_STATUSES: readonly CampaignStatus[] = ["draft", "paused"];

/** Statuses a campaign may be deleted from: it never sent, or it is over. */
export const DELETABLE_STATUSES: readonly CampaignStatus[] = ["draft", "completed", "cancelled"];

export const isCampaignStatus = (value: string): value is CampaignStatus =>
  (CAMPAIGN_STATUSES as readonly string[]).includes(value);

/** The status `action` leads to from `from`, or null when the move is illegal. */
export function nextStatus(from: string, action: CampaignAction): CampaignStatus | null {
  return isCampaignStatus(from) ? (MOVES[action][from] ?? null) : null;
}

/** The statuses `action` is legal from, for error messages. */
export const allowedFrom = (action: CampaignAction): CampaignStatus[] => Object.keys(MOVES[action]) as CampaignStatus[];
