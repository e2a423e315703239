// A wide table that may scroll sideways inside its own box on small screens. The box is focusable
// and labelled, so keyboard users can scroll it too.
import type { ReactNode } from "react";

/** Wraps a table; `label` names the region for screen readers. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
