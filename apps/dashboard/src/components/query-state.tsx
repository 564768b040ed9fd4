import type { ReactNode } from "react";
import { isEmptyResult } from "../lib/results.js";
import { Empty, ErrorBanner, Loading } from "./feedback.js";

/** The parts of a TanStack query result this needs, so any query (or a hand-made one in a test) fits. */
export interface QueryOutcome<T> {
  isPending: boolean;
  error: unknown;
  data: T | undefined;
}

/**
 * A query's three other states, shown the same way in every view: loading, the API's error where
 * the data would be, and (when `empty` is given) a sentence for an empty list or page.
 */
export function QueryState<T>({
  query,
  empty,
  loading,
  children,
}: {
  query: QueryOutcome<T>;
  empty?: ReactNode;
  loading?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <ErrorBanner error={query.error} />;
  if (query.isPending || query.data === undefined) return <Loading what={loading} />;
  if (empty !== undefined && isEmptyResult(query.data)) return <Empty>{empty}</Empty>;
  return <>{children(query.data)}</>;
}
