import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { tagLabel } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";
import { ErrorBanner } from "./feedback.js";
import { QueryState } from "./query-state.js";

/** The folders a template is in and the tags it has, each removable, with pickers to add more. */
export function TemplateLinks({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const template = useQuery(trpc.templates.get.queryOptions({ id }));
  const folders = useQuery(trpc.folders.list.queryOptions({ limit: 200 }));
  const tags = useQuery(trpc.tags.list.queryOptions({ limit: 200 }));
  const options = { onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() }) };
  const addToFolder = useMutation(trpc.folders.addTemplate.mutationOptions(options));
  const removeFromFolder = useMutation(trpc.folders.removeTemplate.mutationOptions(options));
  const tag = useMutation(trpc.tags.tagTemplate.mutationOptions(options));
  const untag = useMutation(trpc.tags.untagTemplate.mutationOptions(options));
  const error = addToFolder.error ?? removeFromFolder.error ?? tag.error ?? untag.error;
  return (
    <div className="card" data-testid="template-links">
      <QueryState query={template}>
        {(t) => {
          const folderName = new Map(folders.data?.items.map((f) => [f.id, f.name]));
          const otherFolders = folders.data?.items.filter((f) => !t.folderIds.includes(f.id)) ?? [];
          const otherTags = tags.data?.items.filter((x) => !t.tags.some((has) => has.id === x.id)) ?? [];
          return (
            <>
              <h2>{t.name}</h2>
              <ErrorBanner error={error} />
              <div className="chips" data-testid="template-folders">
                <span className="muted">Folders:</span>
                {t.folderIds.length === 0 && <span className="muted">none</span>}
                {t.folderIds.map((folderId) => (
                  <span key={folderId} className="chip">
                    {folderName.get(folderId) ?? folderId}
                    <button
                      type="button"
                      className="small secondary"
                      aria-label={`Take out of ${folderName.get(folderId) ?? folderId}`}
                      onClick={() => removeFromFolder.mutate({ folderId, templateId: id })}
                    >
                      ×
                    </button>
                  </span>
                ))}
                {otherFolders.length > 0 && (
                  <select
                    aria-label="Move to folder"
                    value=""
                    onChange={(e) => e.target.value && addToFolder.mutate({ folderId: e.target.value, templateId: id })}
                  >
                    <option value="">+ folder…</option>
                    {otherFolders.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.name}
                      </option>
                    ))}
                  </select>
                )}
              </div>
              <div className="chips" data-testid="template-tags">
                <span className="muted">Tags:</span>
                {t.tags.length === 0 && <span className="muted">none</span>}
                {t.tags.map((x) => (
                  <span key={x.id} className="chip">
                    {tagLabel(x)}
                    <button
                      type="button"
                      className="small secondary"
                      aria-label={`Remove tag ${x.name}`}
                      onClick={() => untag.mutate({ tagId: x.id, templateId: id })}
                    >
                      ×
                    </button>
                  </span>
                ))}
                {otherTags.length > 0 && (
                  <select
                    aria-label="Add tag"
                    value=""
                    onChange={(e) => e.target.value && tag.mutate({ tagId: e.target.value, templateId: id })}
                  >
                    <option value="">+ tag…</option>
                    {otherTags.map((x) => (
                      <option key={x.id} value={x.id}>
                        {tagLabel(x)}
                      </option>
                    ))}
                  </select>
                )}
              </div>
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
