import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { type QueryOutcome, QueryState } from "../src/components/query-state.js";

type Page = { items: string[]; nextCursor: string | null };

function render(query: QueryOutcome<Page>, empty?: string): string {
  return renderToStaticMarkup(
    createElement(QueryState<Page>, { query, empty, children: (page: Page) => `rows: ${page.items.join(",")}` }),
  );
}

const page = (items: string[]): QueryOutcome<Page> => ({
  isPending: false,
  error: null,
  data: { items, nextCursor: null },
});

describe("QueryState", () => {
  it("shows loading while the query is pending", () => {
    expect(render({ isPending: true, error: null, data: undefined })).toContain('aria-busy="true"');
  });

  it("shows the API's error where the data would be", () => {
    const error = Object.assign(new Error("Campaign not found"), { data: { code: "NOT_FOUND" } });
    const html = render({ isPending: false, error, data: undefined });
    expect(html).toContain('role="alert"');
    expect(html).toContain('data-code="NOT_FOUND"');
    expect(html).toContain("Campaign not found");
  });

  it("shows the empty sentence for an empty page, and the rows otherwise", () => {
    expect(render(page([]), "No messages yet.")).toBe('<p class="empty">No messages yet.</p>');
    expect(render(page(["a", "b"]), "No messages yet.")).toBe("rows: a,b");
    // Without an empty sentence, an empty page is handed to the children.
    expect(render(page([]))).toBe("rows: ");
  });
});
