// Whether the screen is phone-narrow (charts pick shorter labels there); follows resizes.
import { useEffect, useState } from "react";

const QUERY = "(max-width: 640px)";

/** True at 640 px wide or less. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(QUERY).matches);
  useEffect(() => {
    const mq = window.matchMedia(QUERY);
    const on = () => setNarrow(mq.matches);
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, []);
  return narrow;
}
