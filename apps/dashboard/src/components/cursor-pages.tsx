import { useState } from "react";

/**
 * Keyset pages walked both ways: the cursors of the pages before this one, so "Previous" goes
 * back without the server knowing page numbers. `reset` when a filter changes.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors.at(-1),
    canGoBack: cursors.length > 0,
    next: (cursor: string) => setCursors((list) => [...list, cursor]),
    back: () => setCursors((list) => list.slice(0, -1)),
    reset: () => setCursors([]),
  };
}

export function PageButtons({
  pages,
  nextCursor,
}: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor: string | null | undefined;
}) {
  if (!pages.canGoBack && !nextCursor) return null;
  return (
    <div className="toolbar">
      {pages.canGoBack && (
        <button type="button" className="secondary" onClick={pages.back}>
          Previous
        </button>
      )}
      {nextCursor && (
        <button type="button" className="secondary" onClick={() => pages.next(nextCursor)}>
          Next
        </button>
      )}
    </div>
  );
}
