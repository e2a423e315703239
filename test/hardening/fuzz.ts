// Runs a seeded batch of malformed requests against a server and checks every answer: a 4xx (never
// 5xx, never 2xx), within 2 s, in our JSON error shape with the security headers, and without any
// token in it. Returns counts for the report and the first problems of each kind.
import { SECURITY_HEADERS } from "../../src/server/security.js";
import type { World } from "./endpoints.js";
import { type Case, makeCase } from "./fuzz-cases.js";
import { type Answer, pool, send } from "./wire.js";

/** What a fuzz run saw. */
export interface FuzzReport {
  tried: number;
  byStatus: Record<string, number>;
  byFault: Record<string, number>;
  serverErrors: number;
  slowest: { ms: number; op: string; fault: string };
  /** Problems found, at most a few examples per kind. */
  problems: string[];
}

const MAX_MS = 2000;

function problemsOf(c: Case, a: Answer, tokens: readonly string[]): string[] {
  const out: string[] = [];
  if (a.status < 400 || a.status >= 500) out.push(`status ${a.status}`);
  else if (c.expect && !c.expect.includes(a.status))
    out.push(`status ${a.status}, expected ${c.expect.join("/")}`);
  if (c.expectText && !c.expectText.test(a.body)) out.push(`answer does not match ${c.expectText}`);
  if (a.ms >= MAX_MS) out.push(`took ${Math.round(a.ms)} ms`);
  if (a.status <= 0) return out;
  if (!(a.headers["content-type"] ?? "").startsWith("application/json")) out.push("not JSON");
  else {
    try {
      const body = JSON.parse(a.body) as { error?: unknown; issues?: unknown };
      const issues = Array.isArray(body.issues) ? (body.issues as Array<Record<string, unknown>>) : null;
      if (typeof body.error !== "string" || body.error.length === 0) out.push("no `error` message");
      if (!issues) out.push("no `issues` list");
      else if (issues.some((i) => typeof i.path !== "string" || typeof i.message !== "string"))
        out.push("an issue without path and message");
      else if (a.status === 400 && issues.length === 0) out.push("400 without any issue");
    } catch {
      out.push("body is not JSON");
    }
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS))
    if (a.headers[name] !== value) out.push(`header ${name} missing`);
  if (tokens.some((t) => a.body.includes(t))) out.push("a token in the answer");
  return out;
}

/** Send `count` generated malformed requests (16 at a time) and check every answer. */
export async function fuzz(
  url: string,
  world: World,
  options: { count: number; seed: number },
): Promise<FuzzReport> {
  const base = new URL(url);
  const report: FuzzReport = {
    tried: 0,
    byStatus: {},
    byFault: {},
    serverErrors: 0,
    slowest: { ms: 0, op: "", fault: "" },
    problems: [],
  };
  const examples = new Map<string, number>();
  await pool(options.count, 16, async (i) => {
    const c = makeCase(world, options.seed, i);
    const a = await send(base, c.wire, 10_000);
    report.tried++;
    report.byStatus[a.status] = (report.byStatus[a.status] ?? 0) + 1;
    report.byFault[c.fault] = (report.byFault[c.fault] ?? 0) + 1;
    if (a.status >= 500) report.serverErrors++;
    if (a.ms > report.slowest.ms) report.slowest = { ms: Math.round(a.ms), op: c.op, fault: c.fault };
    for (const p of problemsOf(c, a, world.allTokens)) {
      const kind = `${p} (${c.fault})`;
      const seen = examples.get(kind) ?? 0;
      examples.set(kind, seen + 1);
      if (seen < 3) report.problems.push(`${kind}: case ${i} ${c.op} -> ${a.status} ${a.body.slice(0, 300)}`);
    }
  });
  return report;
}
