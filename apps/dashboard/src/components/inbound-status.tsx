import { useQuery } from "@tanstack/react-query";
import { formatDate } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";
import { QueryState } from "./query-state.js";

/** How reading a mailbox's IMAP inbox goes (emailAccounts.get's `inbound`): last poll, next poll, the last error. */
export function InboundStatus({ id }: { id: string }) {
  const trpc = useTRPC();
  const mailbox = useQuery(trpc.emailAccounts.get.queryOptions({ id }, { refetchInterval: 30_000 }));
  return (
    <div className="inbound" data-testid="inbound-status">
      <QueryState query={mailbox}>
        {({ inbound }) =>
          !inbound ? (
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
          )
        }
      </QueryState>
    </div>
  );
}
