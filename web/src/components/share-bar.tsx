// A horizontal bar for a share 0..1, drawn as SVG attributes (no inline style, so strict CSP holds).

/** Decorative bar; the number is always written next to it. */
export function ShareBar({ share }: { share: number }) {
  const w = Math.max(0, Math.min(1, share)) * 100;
  return (
    <svg
      className="share-bar"
      viewBox="0 0 100 6"
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
    >
      <rect className="share-bar-track" x="0" y="0" width="100" height="6" rx="3" />
      <rect className="share-bar-fill" x="0" y="0" width={w} height="6" rx="3" />
    </svg>
  );
}
