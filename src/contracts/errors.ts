// Typed domain errors without HTTP codes; the server and the CLI map them in one place each.

/** Something asked for does not exist, or the caller may not know that it exists. */
export class NotFound extends Error {
  override readonly name = "NotFound";
}

/** Input failed validation; `issues` name the exact field and what was expected. */
export class Invalid extends Error {
  override readonly name = "Invalid";
  constructor(
    message: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

/** A write was based on stale state (optimistic concurrency). */
export class Conflict extends Error {
  override readonly name = "Conflict";
}

/** The query budget of a lab run is spent; no further query was sent. */
export class BudgetExhausted extends Error {
  override readonly name = "BudgetExhausted";
  constructor(readonly budget: number) {
    super(`query budget of ${budget} exhausted`);
  }
}

/** A lab attack cannot run against this target (e.g. needs probabilities, target gives labels). */
export class Unsupported extends Error {
  override readonly name = "Unsupported";
}
