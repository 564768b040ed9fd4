import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { tagLabel } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";
import { ChipSet } from "./chips.js";
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
              <ChipSet
                title="Folders:"
                testId="template-folders"
                items={t.folderIds.map((folderId) => ({ id: folderId, label: folderName.get(folderId) ?? folderId }))}
                removeLabel={(f) => `Take out of ${f.label}`}
                onRemove={(f) => removeFromFolder.mutate({ folderId: f.id, templateId: id })}
                choices={otherFolders.map((f) => ({ id: f.id, label: f.name }))}
                pickLabel="Move to folder"
                placeholder="+ folder…"
                onPick={(folderId) => addToFolder.mutate({ folderId, templateId: id })}
              />
              <ChipSet
                title="Tags:"
                testId="template-tags"
                items={t.tags.map((x) => ({ id: x.id, label: tagLabel(x) }))}
                removeLabel={(x) => `Remove tag ${x.label}`}
                onRemove={(x) => untag.mutate({ tagId: x.id, templateId: id })}
                choices={otherTags.map((x) => ({ id: x.id, label: tagLabel(x) }))}
                pickLabel="Add tag"
                placeholder="+ tag…"
                onPick={(tagId) => tag.mutate({ tagId, templateId: id })}
              />
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
