import { useQuery } from "@tanstack/react-query";
import { eventNote } from "../lib/event-note.js";
import { formatDate } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";
import { QueryState } from "./query-state.js";

/** One message as it was sent: headers, rendered subject and text, the SMTP answer, and what happened to it. */
export function MessageDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const trpc = useTRPC();
  const message = useQuery(trpc.messages.get.queryOptions({ id }));
  return (
    <div className="card" data-testid="message-detail">
      <div className="toolbar">
        <h2>Message</h2>
        <span className="spacer" />
        <button type="button" className="small secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <QueryState query={message}>
        {(m) => (
          <>
            <p>
              <strong>{m.subject}</strong> <span className={`badge ${m.status}`}>{m.status}</span>
            </p>
            <p className="muted small-text">
              {m.fromEmail} → {m.toEmail} · sent {formatDate(m.sentAt)} · {m.attempts} attempt
              {m.attempts === 1 ? "" : "s"}
            </p>
            {m.smtpResponse && (
              <p className="small-text">
                SMTP: <code className="mono wrap">{m.smtpResponse}</code>
              </p>
            )}
            <h3>Events</h3>
            {m.events.length === 0 ? (
              <p className="empty">Nothing has happened to this message yet.</p>
            ) : (
              <ol className="events" data-testid="message-events">
                {m.events.map((e) => (
                  <li key={e.id}>
                    <span className={`badge ${e.type}`}>{e.type}</span> {formatDate(e.occurred)}
                    <span className="muted small-text"> {eventNote(e.data)}</span>
                  </li>
                ))}
              </ol>
            )}
            <h3>Text</h3>
            <div className="email-preview">
              <pre>{m.textBody}</pre>
            </div>
            <details>
              <summary>Headers</summary>
              <table className="compact">
                <tbody>
                  {Object.entries(m.headers).map(([name, value]) => (
                    <tr key={name}>
                      <th>{name}</th>
                      <td className="mono wrap">{value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        )}
      </QueryState>
    </div>
  );
}
