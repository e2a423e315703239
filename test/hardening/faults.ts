// The fault scenarios, shared by faults.test.ts (assertions) and bench/load.ts (figures): SIGKILL of
// the server under autosave load, and a PostgreSQL crash and restart under load.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDataDir } from "../support/pglite.js";
import { createTestDatabase } from "../support/postgres.js";
import { spawnServer, startThrowawayPostgres } from "./harness.js";
import { type AckCheck, autosave, checkAcks, createRespondents, percentile } from "./respondents.js";

/** What a SIGKILL under load left behind. */
export interface KillResult {
  respondents: number;
  /** Acknowledgements counted when SIGKILL was sent (more may arrive before the process is gone). */
  killedAtAck: number;
  /** Writes whose outcome the respondents could not know (in flight at the kill). */
  inFlight: number;
  check: AckCheck;
  /** Seconds from the first write to the kill. */
  loadSeconds: number;
}

/**
 * Start `mlsa serve`, let `respondents` clients autosave until `killAfter` acknowledgements, SIGKILL
 * the server with requests in flight, start it again on the same data and read everything back.
 */
export async function killUnderLoad(options: {
  database: "pglite" | "postgres";
  respondents?: number;
  killAfter?: number;
}): Promise<KillResult> {
  const cleanup: Array<() => Promise<void> | void> = [];
  try {
    let args: string[] = ["--trust-proxy", "--log-level", "silent"];
    let env: NodeJS.ProcessEnv = {};
    if (options.database === "pglite") {
      const dir = mkdtempSync(join(tmpdir(), "mlsa-kill-"));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      await seedDataDir(dir);
      args = [...args, "--data-dir", dir];
    } else {
      const db = await createTestDatabase();
      cleanup.push(db.drop);
      env = { DATABASE_URL: db.url };
    }
    const count = options.respondents ?? 50;
    const killAfter = options.killAfter ?? 600;
    let server = await spawnServer(args, env);
    cleanup.push(() => server.kill());
    const respondents = (await createRespondents(server.url, Math.ceil(count / 3))).slice(0, count);
    let acks = 0;
    let killedAtAck = 0;
    const started = performance.now();
    let loadSeconds = 0;
    const killer = setTimeout(() => kill(), 60_000); // never wait forever if acknowledgements stall
    const kill = () => {
      if (killedAtAck > 0) return;
      clearTimeout(killer);
      killedAtAck = acks;
      loadSeconds = (performance.now() - started) / 1000;
      server.child.kill("SIGKILL");
    };
    const logs = await autosave(server.url, respondents, () => killedAtAck > 0, {
      onAck: () => {
        acks++;
        if (acks >= killAfter) kill();
      },
    });
    await server.exited;
    server = await spawnServer(args, env);
    const check = await checkAcks(server.url, logs);
    return {
      respondents: respondents.length,
      killedAtAck,
      inFlight: logs.reduce((n, l) => n + l.uncertain.length, 0),
      check,
      loadSeconds,
    };
  } finally {
    for (const c of cleanup.reverse()) await c();
  }
}

/** What a PostgreSQL crash under load looked like from the clients. */
export interface OutageResult {
  respondents: number;
  /** Statuses of every autosave and probe answered while PostgreSQL was down. */
  duringOutage: Record<string, number>;
  /** Slowest and 99th-percentile response while PostgreSQL was down, ms. */
  outageMaxMs: number;
  outageP99Ms: number;
  /** Seconds from PostgreSQL accepting connections again to the first successful autosave. */
  recoverySeconds: number;
  /** Whether the server process stayed up throughout. */
  serverSurvived: boolean;
  check: AckCheck;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Our own PostgreSQL, `mlsa serve` on it, respondents autosaving; then PostgreSQL crashes
 * (pg_ctl stop -m immediate) for `downSeconds` while the load and a prober continue, and starts
 * again. Measures the answers during the outage and the time to recover; checks every acknowledged
 * answer is still there (crash recovery from the WAL).
 */
export async function postgresOutage(
  options: { respondents?: number; downSeconds?: number } = {},
): Promise<OutageResult> {
  const pg = await startThrowawayPostgres();
  const cleanup: Array<() => Promise<void> | void> = [() => pg.destroy()];
  try {
    const server = await spawnServer(["--trust-proxy", "--log-level", "error"], { DATABASE_URL: pg.url });
    cleanup.unshift(() => server.kill());
    const count = options.respondents ?? 30;
    const [probe, ...respondents] = await createRespondents(server.url, Math.ceil((count + 1) / 3));
    if (!probe) throw new Error("no respondents");
    let done = false;
    const outage: Array<{ status: string; ms: number }> = [];
    const probes: Array<{ start: number; ms: number; status: string }> = [];
    const load = autosave(server.url, respondents.slice(0, count), () => done, {
      stopOnNetworkError: false,
    });
    // The prober: one autosave every 50 ms, timing each answer; it also finds the recovery.
    let recoveredAt = 0;
    let phase = "before" as "before" | "down" | "after";
    let revision = 0;
    const prober = (async () => {
      let i = 0;
      while (!done) {
        const t0 = performance.now();
        const startedAfter = phase === "after";
        let status: string;
        try {
          const res = await fetch(
            `${server.url}/api/assessments/${probe.assessmentId}/answers/risk.domain.sector`,
            {
              method: "PUT",
              headers: {
                authorization: `Bearer ${probe.token}`,
                "content-type": "application/json",
                "x-forwarded-for": "10.9.9.9",
              },
              body: JSON.stringify({ value: i++ % 2 ? "finance" : "healthcare", baseRevision: revision }),
              signal: AbortSignal.timeout(10_000),
            },
          );
          status = String(res.status);
          const body = (await res.json()) as { revision?: number; current?: { revision: number } };
          revision = body.revision ?? body.current?.revision ?? revision;
        } catch {
          status = "network";
        }
        probes.push({ start: t0, ms: performance.now() - t0, status });
        if (startedAfter && status === "200" && recoveredAt === 0) recoveredAt = performance.now();
        await sleep(50);
      }
    })();
    await sleep(1500); // load running against a healthy database
    pg.stop("immediate");
    const down = { from: performance.now(), to: 0 };
    phase = "down";
    await sleep((options.downSeconds ?? 3) * 1000);
    phase = "after";
    pg.start();
    down.to = performance.now();
    const upAt = performance.now();
    for (let waited = 0; recoveredAt === 0 && waited < 30_000; waited += 100) await sleep(100);
    await sleep(1000); // load continues on the recovered database
    done = true;
    const logs = await load;
    await prober;
    // Requests sent while PostgreSQL was down, by the prober and by the respondents.
    const window = down;
    for (const s of [...probes, ...logs.flatMap((l) => l.samples)])
      if (s.start >= window.from && s.start < window.to) outage.push(s);
    const statuses: Record<string, number> = {};
    for (const o of outage) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
    const serverSurvived = server.child.exitCode === null && server.child.signalCode === null;
    const check = await checkAcks(server.url, logs);
    const outageMs = outage.map((o) => o.ms);
    return {
      respondents: logs.length,
      duringOutage: statuses,
      outageMaxMs: Math.round(Math.max(0, ...outageMs)),
      outageP99Ms: Math.round(percentile(outageMs, 99)),
      recoverySeconds: recoveredAt === 0 ? Number.POSITIVE_INFINITY : (recoveredAt - upAt) / 1000,
      serverSurvived,
      check,
    };
  } finally {
    for (const c of cleanup) await c();
  }
}
