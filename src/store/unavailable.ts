// The database cannot be reached right now (PostgreSQL stopped, restarting, or out of connections):
// a temporary condition the server answers with 503 and Retry-After, never a hang or a crash.

/** The database is temporarily unreachable; the operation did not happen (or was not confirmed). */
export class DatabaseUnavailable extends Error {
  override readonly name = "DatabaseUnavailable";
  constructor(readonly reason: string) {
    super("the database is unavailable right now; retry shortly");
  }
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
// SQLSTATE: admin / crash shutdown, cannot connect now (starting or stopping), too many connections.
const SERVER_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
// node-postgres reports a lost or refused connection with these messages and no code.
// (No /i flag: a case-insensitive regexp compiled lazily was seen to abort the process in V8 here.)
const DRIVER_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection closed|[Cc]onnection timeout/;

/** Whether a driver error means "cannot reach the database" rather than "this query is wrong". */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === "string" &&
    (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith("08"))
  )
    return true;
  return DRIVER_MESSAGES.test(error.message);
}

/** Rethrow connection failures as DatabaseUnavailable; anything else unchanged. */
export function asUnavailable(error: unknown): unknown {
  return isUnavailable(error) ? new DatabaseUnavailable((error as Error).message) : error;
}
