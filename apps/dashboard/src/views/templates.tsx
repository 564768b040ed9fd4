import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorBanner, Field, formString } from "../components/feedback.js";
import { FoldersAndTags } from "../components/folders-and-tags.js";
import { QueryState } from "../components/query-state.js";
import { TemplateLinks } from "../components/template-links.js";
import { newIdempotencyKey, tagLabel } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";

export function TemplatesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [folderId, setFolderId] = useState("");
  const [tagId, setTagId] = useState("");
  const templates = useQuery(
    trpc.templates.list.queryOptions({
      limit: 200,
      ...(folderId ? { folderId } : {}),
      ...(tagId ? { tagId } : {}),
    }),
  );
  const folders = useQuery(trpc.folders.list.queryOptions({ limit: 200 }));
  const tags = useQuery(trpc.tags.list.queryOptions({ limit: 200 }));
  const [selected, setSelected] = useState<string | null>(null);
  const create = useMutation(
    trpc.templates.create.mutationOptions({
      onSuccess: (t) => {
        setSelected(t.id);
        void queryClient.invalidateQueries({ queryKey: trpc.templates.pathKey() });
      },
    }),
  );
  return (
    <section>
      <h1>Templates</h1>
      <div className="grid">
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const f = new FormData(form);
            create.mutate(
              {
                name: formString(f, "name"),
                subject: formString(f, "subject"),
                content: formString(f, "content"),
                isStarted: false,
                idempotencyKey: newIdempotencyKey(),
              },
              { onSuccess: () => form.reset() },
            );
          }}
        >
          <h2>New template</h2>
          <ErrorBanner error={create.error} placed={["name", "subject", "content"]} />
          <Field label="Name" name="name" error={create.error}>
            <input name="name" />
          </Field>
          <Field label="Subject" name="subject" error={create.error}>
            <input name="subject" placeholder="Quick question, {{first_name}}" />
          </Field>
          <Field label="Body ({{first_name}}, {{company}}, spintax {Hi|Hello})" name="content" error={create.error}>
            <textarea name="content" rows={6} defaultValue={"{Hi|Hello} {{first_name}},\n\n"} />
          </Field>
          <button type="submit">Create template</button>
        </form>
        <div className="card">
          <h2>Library</h2>
          <div className="toolbar">
            <select aria-label="Folder" value={folderId} onChange={(e) => setFolderId(e.target.value)}>
              <option value="">Every folder</option>
              {folders.data?.items.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
            <select aria-label="Tag" value={tagId} onChange={(e) => setTagId(e.target.value)}>
              <option value="">Any tag</option>
              {tags.data?.items.map((t) => (
                <option key={t.id} value={t.id}>
                  {tagLabel(t)}
                </option>
              ))}
            </select>
          </div>
          <QueryState
            query={templates}
            empty={folderId || tagId ? "No template in this folder with this tag." : "No templates yet."}
          >
            {(page) => (
              <ul className="plain selectable" data-testid="template-library">
                {page.items.map((t) => (
                  <li key={t.id}>
                    <button type="button" className="link" onClick={() => setSelected(t.id)}>
                      {t.name}
                    </button>{" "}
                    <span className="muted">{t.subject}</span>
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </div>
      </div>
      <FoldersAndTags />
      {selected && <TemplateLinks id={selected} />}
      {selected && <Preview id={selected} />}
    </section>
  );
}

/** templates.render with a chosen lead: unknown variables come back as an error, shown here. */
function Preview({ id }: { id: string }) {
  const trpc = useTRPC();
  const [leadSearch, setLeadSearch] = useState("");
  const leads = useQuery(
    trpc.leads.list.queryOptions({ limit: 20, ...(leadSearch.trim() ? { search: leadSearch.trim() } : {}) }),
  );
  const [leadId, setLeadId] = useState<string>("");
  const render = useQuery(trpc.templates.render.queryOptions({ id, ...(leadId ? { leadId } : {}) }));
  return (
    <div className="card" data-testid="template-preview">
      <h2>Preview</h2>
      <label className="field">
        <span>Find a lead</span>
        <input type="search" value={leadSearch} onChange={(e) => setLeadSearch(e.target.value)} />
      </label>
      <label className="field">
        <span>As sent to</span>
        <select value={leadId} onChange={(e) => setLeadId(e.target.value)}>
          <option value="">— no lead —</option>
          {leads.data?.items.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name ?? l.email}
            </option>
          ))}
        </select>
      </label>
      <QueryState query={render} loading="Rendering">
        {(rendered) => (
          <div className="email-preview">
            <p>
              <strong>Subject:</strong> {rendered.subject}
            </p>
            <pre>{rendered.content}</pre>
          </div>
        )}
      </QueryState>
    </div>
  );
}
