// A read-only link field with a copy button that confirms what it did in a live region.
import { useId, useRef, useState } from "react";

/** Shows `value` in a read-only field labelled `label`, with a button that copies it. */
export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("copied");
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): select the text instead.
      input.current?.select();
      setCopied("failed");
    }
  };
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      {hint ? <p className="field-hint">{hint}</p> : null}
      <div className="copy-row">
        <input
          id={id}
          ref={input}
          className="mono"
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button button-secondary" onClick={copy}>
          Copy<span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </div>
      <p className="copy-status" aria-live="polite">
        {copied === "copied" ? "Copied to the clipboard." : null}
        {copied === "failed"
          ? "Could not reach the clipboard; the link is selected, press Ctrl+C to copy."
          : null}
      </p>
    </div>
  );
}
