/** One page of a list procedure: every list answers `{ items, nextCursor }`. */
export interface Page<TItem> {
  items: TItem[];
  nextCursor: string | null;
}

/** What `paginate` needs of a procedure: a query taking `{ cursor? }` and answering a `Page`. */
export interface ListProcedure<TInput, TItem> {
  query(input: TInput, opts?: { signal?: AbortSignal }): Promise<Page<TItem>>;
}

export interface PaginateOptions {
  /** Stops the walk: the pending page request is aborted and the loop rejects. */
  signal?: AbortSignal | undefined;
}

// biome-ignore lint/suspicious/noConfusingVoidType: tRPC types an optional input as `T | void`, so a list without required filters has one.
type ListInput = { cursor?: string | undefined } | undefined | void;

/** The input is optional exactly when the procedure's is; a `cursor` in it resumes from there. */
type PaginateArgs<TInput> = undefined extends TInput
  ? [input?: TInput, options?: PaginateOptions]
  : [input: TInput, options?: PaginateOptions];

/**
 * Every item of a list, page after page, following `nextCursor` until it is `null`:
 *
 * ```ts
 * for await (const lead of paginate(client.leads.list, { status: "new", limit: 200 })) { … }
 * ```
 *
 * `limit` is the page size. Pages are fetched lazily, one at a time, as the loop asks for items;
 * leaving the loop early fetches nothing more. Keyset pagination keeps the walk stable while
 * rows are added.
 */
export function paginate<TInput extends ListInput, TItem>(
  procedure: ListProcedure<TInput, TItem>,
  ...args: PaginateArgs<TInput>
): AsyncIterableIterator<TItem> {
  const [input, options] = args;
  return walk(procedure, input ?? undefined, options?.signal);
}

async function* walk<TInput, TItem>(
  procedure: ListProcedure<TInput, TItem>,
  input: { cursor?: string | undefined } | undefined,
  signal: AbortSignal | undefined,
): AsyncIterableIterator<TItem> {
  let cursor = input?.cursor;
  for (;;) {
    const pageInput = { ...input, ...(cursor === undefined ? {} : { cursor }) } as TInput;
    const page = await procedure.query(pageInput, signal ? { signal } : undefined);
    yield* page.items;
    if (page.nextCursor === null || page.nextCursor === undefined) return;
    // A server bug that repeats a cursor would otherwise loop forever.
    if (page.nextCursor === cursor) throw new Error(`paginate: the server returned cursor ${cursor} twice`);
    cursor = page.nextCursor;
  }
}
