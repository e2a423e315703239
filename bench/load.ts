// Load and faults on loopback: autosave throughput and latency with 50 concurrent respondents (each
// its own token and question, autocannon, server in a child process) on PGlite and PostgreSQL; and
// the faults the hardening tests assert on, measured: SIGKILL under load (acknowledged vs found
// after restart) and a PostgreSQL crash under load (503 latency, recovery time, answers kept).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { CATALOG, questionsOf } from "../src/catalog/index.js";
import { startServer } from "../src/server/index.js";
import { killUnderLoad, postgresOutage } from "../test/hardening/faults.js";
import { createRespondents } from "../test/hardening/respondents.js";
import { seedDataDir } from "../test/support/pglite.js";
import { createTestDatabase } from "../test/support/postgres.js";
import { spawnChild, stopChild } from "./child.js";
import type { BenchRow } from "./types.js";

const DURATION = Number(process.env.MLSA_BENCH_SECONDS ?? 10);
const RESPONDENTS = 50;
const UNLIMITED = { burst: 1e12, perSecond: 1e12 };

/** Child mode: `tsx bench/load.ts --child pglite <dir>` or `--child postgres <url>` prints its URL. */
async function child(kind: string, where: string): Promise<void> {
  const server = await startServer({
    port: 0,
    storeConfig: kind === "pglite" ? { dataDir: where } : { databaseUrl: where },
    logger: false,
    rateLimits: { address: UNLIMITED, token: UNLIMITED, create: UNLIMITED },
    webRoot: null,
  });
  process.stdout.write(`url ${server.url}\n`);
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
}

interface Held {
  rps: number;
  p50: number;
  p99: number;
  refused: number;
}

/** 50 respondents autosaving at once: each connection writes its own questions with its own token. */
async function autosaveLoad(url: string): Promise<Held> {
  const respondents = (await createRespondents(url, Math.ceil(RESPONDENTS / 3))).slice(0, RESPONDENTS);
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        duration: DURATION,
        connections: RESPONDENTS,
        setupClient: (client) => {
          const r = respondents[next++ % respondents.length];
          if (!r) throw new Error("no respondent for this connection");
          const questions = questionsOf(CATALOG, r.questionnaire).filter(
            (q) => q.type === "single" && q.options.length >= 2,
          );
          const revisions = new Map<string, number>();
          let step = 0;
          let current = questions[0];
          client.setRequests([
            {
              method: "PUT",
              headers: { authorization: `Bearer ${r.token}`, "content-type": "application/json" },
              setupRequest: (req) => {
                current = questions[step % questions.length];
                const value = current?.options[Math.floor(step / questions.length) % 2]?.id;
                step++;
                return {
                  ...req,
                  path: `/api/assessments/${r.assessmentId}/answers/${current?.id}`,
                  body: JSON.stringify({ value, baseRevision: revisions.get(current?.id ?? "") ?? 0 }),
                };
              },
              onResponse: (status, body) => {
                let parsed: { revision?: number; current?: { revision: number } } = {};
                try {
                  parsed = JSON.parse(body) as typeof parsed;
                } catch {
                  // not JSON: counted by autocannon as a non-2xx answer
                }
                const revision = status === 200 ? parsed.revision : parsed.current?.revision;
                if (current && revision !== undefined) revisions.set(current.id, revision);
              },
            },
          ]);
        },
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          refused: result.errors + result.non2xx,
        });
      },
    );
  });
}

async function loadRows(kind: "pglite" | "postgres"): Promise<BenchRow[]> {
  const cleanup: Array<() => Promise<void> | void> = [];
  try {
    let where: string;
    if (kind === "pglite") {
      where = mkdtempSync(join(tmpdir(), "mlsa-bench-load-"));
      const dir = where;
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      await seedDataDir(where);
    } else {
      const db = await createTestDatabase();
      cleanup.push(db.drop);
      where = db.url;
    }
    const server = await spawnChild(import.meta.url, [kind, where]);
    cleanup.unshift(() => stopChild(server.proc));
    const held = await autosaveLoad(server.url);
    const g = `load held (${kind === "pglite" ? "PGlite" : "PostgreSQL"})`;
    return [
      {
        group: g,
        metric: `autosave PUT, ${RESPONDENTS} concurrent respondents, requests/s`,
        value: Math.round(held.rps),
      },
      { group: g, metric: "autosave p50 latency, ms", value: held.p50 },
      { group: g, metric: "autosave p99 latency, ms", value: held.p99, target: "< 100" },
      { group: g, metric: "errors + non-2xx (409 stale writes included)", value: held.refused, target: "0" },
      { group: g, metric: "respondents × seconds", value: `${RESPONDENTS} × ${DURATION}` },
    ];
  } finally {
    for (const c of cleanup) await c();
  }
}

async function faultRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const database of ["pglite", "postgres"] as const) {
    const r = await killUnderLoad({ database, respondents: RESPONDENTS, killAfter: 500 });
    const g = `faults: SIGKILL under load (${database === "pglite" ? "PGlite" : "PostgreSQL"})`;
    rows.push(
      { group: g, metric: "answers acknowledged before the kill", value: r.check.acknowledged },
      { group: g, metric: "acknowledged answers found after restart", value: r.check.found, target: "all" },
      { group: g, metric: "writes in flight at the kill (outcome unknown to the client)", value: r.inFlight },
      { group: g, metric: "seconds of load before the kill", value: Number(r.loadSeconds.toFixed(1)) },
    );
  }
  const o = await postgresOutage({ respondents: 30, downSeconds: 3 });
  const g = "faults: PostgreSQL crash under load (3 s down)";
  rows.push(
    {
      group: g,
      metric: "answers during the outage",
      value: JSON.stringify(o.duringOutage),
      target: "503 only",
    },
    { group: g, metric: "slowest answer during the outage, ms", value: o.outageMaxMs, target: "< 2000" },
    { group: g, metric: "p99 answer during the outage, ms", value: o.outageP99Ms },
    {
      group: g,
      metric: "recovery: PostgreSQL up to first acknowledged autosave, s",
      value: Number(o.recoverySeconds.toFixed(2)),
      target: "< 10, no restart",
    },
    { group: g, metric: "server process survived", value: o.serverSurvived ? "yes" : "no", target: "yes" },
    {
      group: g,
      metric: "answers acknowledged / found after recovery",
      value: `${o.check.acknowledged} / ${o.check.found}`,
      target: "equal",
    },
  );
  return rows;
}

/** The benchmark: rows for docs/benchmarks.md (called by bench/run.ts). */
export async function benchLoad(): Promise<BenchRow[]> {
  return [...(await loadRows("pglite")), ...(await loadRows("postgres")), ...(await faultRows())];
}

const [, , flag, kind, where] = process.argv;
if (flag === "--child" && kind && where) await child(kind, where);
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await benchLoad()) console.log(`${r.group} | ${r.metric} | ${r.value} | ${r.target ?? ""}`);
}
