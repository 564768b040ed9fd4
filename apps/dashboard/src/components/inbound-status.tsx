import { formatDate } from "../lib/format.js";
import type { RouterOutputs } from "../lib/router-types.js";

type Inbound = RouterOutputs["emailAccounts"]["list"]["items"][number]["inbound"];

/** How reading a mailbox's IMAP inbox goes (`inbound` of emailAccounts.list): last poll, next poll, the last error. */
export function InboundStatus({ inbound }: { inbound: Inbound }) {
  return (
    <div className="inbound" data-testid="inbound-status">
      {!inbound ? (
        <span className="muted">not polled yet</span>
      ) : (
        <>
          {inbound.error ? (
            <span className="badge failed">failing</span>
          ) : (
            <span className="badge active">reading</span>
          )}{" "}
          <span className="muted">
            {inbound.lastPolledAt ? `last read ${formatDate(inbound.lastPolledAt)}` : "never read yet"}
          </span>
          {inbound.error && (
            <div className="field-error">
              {inbound.error} (at {formatDate(inbound.failedAt)})
            </div>
          )}
          <div className="muted small-text">next try {formatDate(inbound.nextPollAt)}</div>
        </>
      )}
    </div>
  );
}
