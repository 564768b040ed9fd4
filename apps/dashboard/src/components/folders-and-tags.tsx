import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { newIdempotencyKey, tagLabel } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";
import { ChipSet } from "./chips.js";
import { ErrorBanner, Field, formString, optional } from "./feedback.js";
import { QueryState } from "./query-state.js";

/** The tenant's template folders and tags: make and delete them (templates stay when either goes). */
export function FoldersAndTags() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.folders.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.tags.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() }),
    ]);
  const folders = useQuery(trpc.folders.list.queryOptions({ limit: 200 }));
  const tags = useQuery(trpc.tags.list.queryOptions({ limit: 200 }));
  const createFolder = useMutation(trpc.folders.create.mutationOptions({ onSuccess: () => void refresh() }));
  const deleteFolder = useMutation(trpc.folders.delete.mutationOptions({ onSuccess: () => void refresh() }));
  const createTag = useMutation(trpc.tags.create.mutationOptions({ onSuccess: () => void refresh() }));
  const deleteTag = useMutation(trpc.tags.delete.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <div className="card" data-testid="folders-and-tags">
      <div className="grid">
        <div>
          <h2>Folders</h2>
          <QueryState query={folders} empty="No folders yet.">
            {(page) => (
              <ChipSet
                items={page.items.map((f) => ({ id: f.id, label: f.name }))}
                removeLabel={(f) => `Delete folder ${f.label}`}
                onRemove={(f) => window.confirm(`Delete the folder ${f.label}?`) && deleteFolder.mutate({ id: f.id })}
              />
            )}
          </QueryState>
          <ErrorBanner error={deleteFolder.error} />
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              const form = e.currentTarget;
              const name = formString(new FormData(form), "name");
              createFolder.mutate({ name, idempotencyKey: newIdempotencyKey() }, { onSuccess: () => form.reset() });
            }}
          >
            <ErrorBanner error={createFolder.error} placed={["name"]} />
            <Field label="New folder" name="name" error={createFolder.error}>
              <input name="name" placeholder="Follow-ups" />
            </Field>
            <button type="submit" disabled={createFolder.isPending}>
              Add folder
            </button>
          </form>
        </div>
        <div>
          <h2>Tags</h2>
          <QueryState query={tags} empty="No tags yet.">
            {(page) => (
              <ChipSet
                items={page.items.map((t) => ({ id: t.id, label: tagLabel(t) }))}
                removeLabel={(t) => `Delete tag ${t.label}`}
                onRemove={(t) => window.confirm(`Delete the tag ${t.label}?`) && deleteTag.mutate({ id: t.id })}
              />
            )}
          </QueryState>
          <ErrorBanner error={deleteTag.error} />
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              const form = e.currentTarget;
              const f = new FormData(form);
              createTag.mutate(
                { name: formString(f, "name"), value: optional(f, "value"), idempotencyKey: newIdempotencyKey() },
                { onSuccess: () => form.reset() },
              );
            }}
          >
            <ErrorBanner error={createTag.error} placed={["name", "value"]} />
            <Field label="New tag" name="name" error={createTag.error}>
              <input name="name" placeholder="industry" />
            </Field>
            <Field label="Value (optional)" name="value" error={createTag.error}>
              <input name="value" placeholder="saas" />
            </Field>
            <button type="submit" disabled={createTag.isPending}>
              Add tag
            </button>
          </form>
        </div>
      </div>
    </div>
  );
}
