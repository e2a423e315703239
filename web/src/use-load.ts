// A tiny data-loading hook: runs an async function on mount and when `key` changes, exposes its
// state, and lets the page reload it.
import { useCallback, useEffect, useState } from "react";

export type Load<T> = { state: "loading" } | { state: "ok"; data: T } | { state: "error"; error: unknown };

/** Loads `fn()`; `reload` runs it again. Results from a superseded call are dropped. */
export function useLoad<T>(fn: () => Promise<T>, key: string): [Load<T>, () => void, (data: T) => void] {
  const [load, setLoad] = useState<Load<T>>({ state: "loading" });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names the inputs of fn
  useEffect(() => {
    let live = true;
    fn().then(
      (data) => live && setLoad({ state: "ok", data }),
      (error: unknown) => live && setLoad({ state: "error", error }),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((data: T) => setLoad({ state: "ok", data }), []);
  return [load, reload, set];
}
