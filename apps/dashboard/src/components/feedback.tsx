import { Link } from "@tanstack/react-router";
import { type ReactNode, useState } from "react";
import { describeError, type ErrorView, unplacedFieldErrors } from "../lib/errors.js";

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p className="muted" aria-busy="true">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/**
 * A failed call, where it happened: the message, a quota sentence with a link to billing,
 * launch blockers, and any field errors the form did not place beside a field.
 */
export function ErrorBanner({ error, placed = [] }: { error: unknown; placed?: readonly string[] }) {
  if (!error) return null;
  const view = describeError(error);
  const loose = unplacedFieldErrors(view, placed);
  return (
    <div className="error" role="alert" data-code={view.code}>
      <strong>{view.quota ?? (view.details.blockers?.length ? headline(view.message) : view.message)}</strong>
      {view.quota && (
        <>
          {" "}
          <Link to="/billing">Change plan or add capacity →</Link>
        </>
      )}
      {view.details.blockers && view.details.blockers.length > 0 && (
        <ul className="blockers">
          {view.details.blockers.map((b) => (
            <li key={b}>{b}</li>
          ))}
        </ul>
      )}
      {loose.length > 0 && (
        <ul>
          {loose.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "The campaign can't launch, 2 problems: a; b" → the part before the list, which follows as bullets. */
function headline(message: string): string {
  const at = message.indexOf(": ");
  return at > 0 ? `${message.slice(0, at)}:` : message;
}

export function fieldError(error: unknown, name: string): string | undefined {
  if (!error) return undefined;
  const view: ErrorView = describeError(error);
  return view.fieldErrors[name]?.join("; ");
}

/** A labelled input with the server's field error beside it. */
export function Field({
  label,
  name,
  error,
  children,
}: {
  label: string;
  name: string;
  error?: unknown;
  children: ReactNode;
}) {
  const message = fieldError(error, name);
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control comes in as children, inside the label
    <label className={message ? "field invalid" : "field"}>
      <span>{label}</span>
      {children}
      {message && <small className="field-error">{message}</small>}
    </label>
  );
}

export function Copy({ value }: { value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="small secondary"
      onClick={() =>
        void navigator.clipboard?.writeText(value).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        })
      }
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}

export function Pager({ next, onNext }: { next: string | null | undefined; onNext: (cursor: string) => void }) {
  if (!next) return null;
  return (
    <button type="button" className="secondary" onClick={() => onNext(next)}>
      More
    </button>
  );
}

export function formString(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** An empty text box means "not given". */
export function optional(form: FormData, name: string): string | undefined {
  const value = formString(form, name).trim();
  return value === "" ? undefined : value;
}
