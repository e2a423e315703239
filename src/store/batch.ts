// Group commit for hot paths (autosave, token lookup): requests that arrive while the database is
// busy are gathered and run as one statement. Each caller still gets its own result, and only
// after the statement has committed, so an acknowledgement still means "on disk".

/** Per-item outcome of a batch run. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

/** A function running many items at once; returns one outcome per item, in order. */
export type BatchRun<I, O> = (items: I[]) => Promise<Array<Outcome<O>>>;

/**
 * Collects items and runs them in batches. A batch starts on the next turn of the event loop (so
 * requests already received get to join it: PGlite runs each statement synchronously, and without
 * this yield every request would get its own statement), or when a running batch frees its slot.
 */
export function createBatcher<I, O>(run: BatchRun<I, O>, options: { concurrency: number; max: number }) {
  type Pending = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };
  let queue: Pending[] = [];
  let inflight = 0;
  let scheduled = false;

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  };

  const pump = () => {
    while (inflight < options.concurrency && queue.length > 0) {
      const batch = queue.slice(0, options.max);
      queue = queue.slice(batch.length);
      inflight++;
      run(batch.map((p) => p.item))
        .then(
          (outcomes) => {
            batch.forEach((p, i) => {
              const o = outcomes[i];
              if (!o) p.reject(new Error("batch returned too few results"));
              else if (o.ok) p.resolve(o.value);
              else p.reject(o.error);
            });
          },
          (error: unknown) => {
            for (const p of batch) p.reject(error);
          },
        )
        .finally(() => {
          inflight--;
          schedule();
        });
    }
  };

  return (item: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}

/** Split items into rounds in which no key appears twice (a statement may touch a row once). */
export function rounds<T>(
  items: readonly T[],
  key: (t: T) => string,
): Array<Array<{ item: T; index: number }>> {
  const out: Array<Array<{ item: T; index: number }>> = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const k = key(item);
    const round = seen.get(k) ?? 0;
    seen.set(k, round + 1);
    const list = out[round] ?? [];
    list.push({ item, index });
    out[round] = list;
  });
  return out;
}
