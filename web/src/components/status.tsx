// Loading, error and not-found states shared by every page.
import { useEffect, useRef } from "react";
import { ApiProblem } from "../api.js";

/** A polite loading line for screen readers and a spinner for everyone else. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </p>
  );
}

/** What the app shows for a link that does not open anything (unknown, edited or revoked). */
export function NotFoundPanel({ kind }: { kind: "link" | "page" }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = "Not found — mlsa";
    heading.current?.focus();
  }, []);
  return (
    <section className="panel not-found" aria-labelledby="nf-title">
      <h1 id="nf-title" ref={heading} tabIndex={-1}>
        Not found
      </h1>
      {kind === "link" ? (
        <p>
          This link does not open anything. It may have been mistyped or cut short when it was copied, or the
          owner of the assessment may have replaced or withdrawn it. Ask the person who sent it for a fresh
          link.
        </p>
      ) : (
        <p>There is no page at this address.</p>
      )}
      <p>
        <a href="#/">Go to the start page</a>
      </p>
    </section>
  );
}

/** An error from the API or the network, with a retry button when one makes sense. */
export function ErrorPanel({ error, retry }: { error: unknown; retry?: () => void }) {
  if (error instanceof ApiProblem && error.status === 404) return <NotFoundPanel kind="link" />;
  const message =
    error instanceof ApiProblem
      ? error.message
      : "The server could not be reached. Check your connection and try again.";
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      {retry ? (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
