// Page heading that sets the document title and takes focus when the page opens, so screen-reader
// and keyboard users land at the top of each new page in the hash-routed app.
import { type ReactNode, useEffect, useRef } from "react";

/** The page's h1 and optional lead paragraph. */
export function PageHeading({ title, lead, eyebrow }: { title: string; lead?: ReactNode; eyebrow?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — mlsa`;
    ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="page-heading">
      {eyebrow ? <p className="eyebrow">{eyebrow}</p> : null}
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {lead ? <p className="lead">{lead}</p> : null}
    </div>
  );
}
