// A button that shows and hides a block of text (aria-expanded + aria-controls).
import { type ReactNode, useId, useState } from "react";

/** Disclosure with a button label and hidden content. */
export function Disclosure({
  label,
  children,
  className,
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className={`disclosure ${className ?? ""}`}>
      <button
        type="button"
        className="disclosure-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="disclosure-icon" aria-hidden="true" />
        {label}
      </button>
      <div id={id} className="disclosure-body" hidden={!open}>
        {children}
      </div>
    </div>
  );
}
