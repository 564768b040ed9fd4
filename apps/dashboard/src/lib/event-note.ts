/** Keys of an event's `data` worth a glance, most telling first (engine/src/inbound/apply.ts, hard-bounce.ts, tracking). */
const NOTE_KEYS = ["url", "response", "reason", "status", "feedbackType", "via", "subject"] as const;

/** The one readable detail an email event carries: the link clicked, the bounce answer, the reply's subject. */
export function eventNote(data: Record<string, unknown>): string | null {
  for (const key of NOTE_KEYS) {
    const value = data[key];
    if (typeof value === "string" && value.trim() !== "") return `${key === "subject" ? "re: " : ""}${value}`;
  }
  return null;
}
