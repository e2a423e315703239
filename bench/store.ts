// Store and API benchmarks: autosave throughput and latency with autocannon on loopback against a
// bare fastify hello-world in the same run, and trends query times over 1,000,000 pooled answers
// on PGlite and PostgreSQL. Servers run as child processes so autocannon does not share their CPU.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import Fastify from "fastify";
import pg from "pg";
import { CATALOG, questionsOf } from "../src/catalog/index.js";
import { startServer } from "../src/server/index.js";
import { buildContribution, type Contribution, openStore, type Store } from "../src/store/index.js";
import { rng, sampleAnswers, sampleDomain } from "../src/store/seed.js";
import { spawnChild, stopChild } from "./child.js";
import type { BenchRow } from "./types.js";

const DURATION = Number(process.env.MLSA_BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const POOL_ROWS = Number(process.env.MLSA_BENCH_POOL_ROWS ?? 1_000_000);
const PG_URL = process.env.MLSA_TEST_PG_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/postgres";
const UNLIMITED = { burst: 1e12, perSecond: 1e12 };

/** Child-process mode: `tsx bench/store.ts --child hello|mlsa <dataDir>` prints its URL. */
async function child(kind: string, dataDir: string | undefined): Promise<void> {
  if (kind === "hello") {
    const app = Fastify({ logger: false });
    app.get("/", async () => ({ hello: "world" }));
    await app.listen({ host: "127.0.0.1", port: 0 });
    const a = app.server.address();
    process.stdout.write(`url http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}\n`);
    return;
  }
  const server = await startServer({
    port: 0,
    storeConfig: { dataDir },
    logger: false,
    rateLimits: { address: UNLIMITED, token: UNLIMITED, create: UNLIMITED },
    webRoot: null,
  });
  process.stdout.write(`url ${server.url}\n`);
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function run(options: autocannon.Options): Promise<Load> {
  return new Promise((resolve, reject) => {
    autocannon({ duration: DURATION, connections: CONNECTIONS, ...options }, (error, r) => {
      if (error) return reject(error);
      resolve({
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors,
        non2xx: r.non2xx,
      });
    });
  });
}

/** Autosave: each connection is a respondent flipping one question between two options. */
async function autosave(url: string): Promise<Load> {
  const created = await fetch(`${url}/api/assessments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ domain: "finance" }),
  });
  const { assessment, tokens } = (await created.json()) as {
    assessment: { id: string };
    tokens: { owner: string };
  };
  const questions = ["risk", "surface", "security"]
    .flatMap((q) => questionsOf(CATALOG, q as "risk"))
    .filter((q) => q.type === "single" && q.options.length >= 2)
    .slice(0, CONNECTIONS);
  let next = 0;
  return run({
    url,
    setupClient: (client) => {
      const q = questions[next++ % questions.length];
      if (!q) throw new Error("no question for this connection");
      let revision = 0;
      let flip = 0;
      client.setRequests([
        {
          method: "PUT",
          path: `/api/assessments/${assessment.id}/answers/${q.id}`,
          headers: { authorization: `Bearer ${tokens.owner}`, "content-type": "application/json" },
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({ value: q.options[flip++ % 2]?.id, baseRevision: revision }),
          }),
          onResponse: (status, body) => {
            if (status === 200) revision = (JSON.parse(body) as { revision: number }).revision;
          },
        },
      ]);
    },
  });
}

async function apiRows(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "mlsa-bench-"));
  try {
    const hello = await spawnChild(import.meta.url, ["hello"]);
    const base = await run({ url: hello.url });
    await stopChild(hello.proc);
    const mlsa = await spawnChild(import.meta.url, ["mlsa", dir]);
    const save = await autosave(mlsa.url);
    await stopChild(mlsa.proc);
    const g = "API autosave (PGlite, loopback)";
    return [
      { group: g, metric: "hello-world fastify GET, requests/s", value: Math.round(base.rps) },
      { group: g, metric: "hello-world p50 / p99 latency, ms", value: `${base.p50} / ${base.p99}` },
      { group: g, metric: "autosave PUT, requests/s", value: Math.round(save.rps) },
      { group: g, metric: "autosave p50 latency, ms", value: save.p50 },
      { group: g, metric: "autosave p99 latency, ms", value: save.p99, target: "< 20" },
      {
        group: g,
        metric: "autosave / hello-world throughput ratio",
        value: save.rps / base.rps,
        target: "≥ 0.5",
      },
      { group: g, metric: "autosave errors + non-2xx", value: save.errors + save.non2xx, target: "0" },
      { group: g, metric: "connections × seconds", value: `${CONNECTIONS} × ${DURATION}` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Generated contributions adding up to about `rows` pooled answers. */
function generatePool(rows: number): Contribution[] {
  const random = rng(2024);
  const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`);
  const out: Contribution[] = [];
  let total = 0;
  while (total < rows) {
    const domain = sampleDomain(CATALOG, random);
    const c = buildContribution(
      CATALOG,
      sampleAnswers(CATALOG, domain, random),
      ["risk", "surface", "security"],
      {
        domain,
        month: months[Math.floor(random() * 12)] as string,
        withScore: out.length < 300,
      },
    );
    out.push(c);
    total += c.answers.length;
  }
  return out;
}

async function median(times: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return Math.round((ms[Math.floor(ms.length / 2)] as number) * 10) / 10;
}

async function trendRows(store: Store, label: string, pool: Contribution[]): Promise<BenchRow[]> {
  const loadStart = performance.now();
  for (let i = 0; i < pool.length; i += 1000) await store.poolBulk(pool.slice(i, i + 1000));
  await store.analyze();
  const loadMs = performance.now() - loadStart;
  const [{ n } = { n: 0 }] = await store.db.query<{ n: number }>("SELECT count(*) AS n FROM pool_answer");
  const g = `trends over ${n.toLocaleString("en")} pooled answers (${label})`;
  const target = "< 200";
  return [
    { group: g, metric: "bulk load, s", value: Math.round(loadMs / 100) / 10 },
    {
      group: g,
      metric: "one question's distribution, ms",
      value: await median(5, () =>
        store.trends.questions({ question: "surface.inference.output_granularity" }),
      ),
      target,
    },
    {
      group: g,
      metric: "one question, domain × month filter, ms",
      value: await median(5, () =>
        store.trends.questions({ question: "risk.use.decision_mode", domain: "finance", month: "2025-06" }),
      ),
      target,
    },
    {
      group: g,
      metric: "whole security questionnaire, ms",
      value: await median(5, () => store.trends.questions({ questionnaire: "security" })),
      target,
    },
    {
      group: g,
      metric: "mitigation shares, ms",
      value: await median(5, () => store.trends.mitigations({})),
      target,
    },
    {
      group: g,
      metric: "residual risk per domain, ms",
      value: await median(5, () => store.trends.residual({})),
      target,
    },
    { group: g, metric: "overview, ms", value: await median(5, () => store.trends.overview()), target },
  ];
}

async function pgRows(pool: Contribution[]): Promise<BenchRow[]> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const name = `mlsa_bench_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  try {
    const store = await openStore({ databaseUrl: url.toString() });
    try {
      return await trendRows(store, "PostgreSQL", pool);
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Every store/API figure; see docs/benchmarks.md. */
export async function benchStore(): Promise<BenchRow[]> {
  const rows = await apiRows();
  const pool = generatePool(POOL_ROWS);
  const dir = mkdtempSync(join(tmpdir(), "mlsa-bench-trends-"));
  try {
    const store = await openStore({ dataDir: dir });
    try {
      rows.push(...(await trendRows(store, "PGlite", pool)));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  try {
    rows.push(...(await pgRows(pool)));
  } catch (error) {
    rows.push({ group: "trends (PostgreSQL)", metric: "not measured", value: (error as Error).message });
  }
  return rows;
}

const argv = process.argv;
if (argv[1] && fileURLToPath(import.meta.url) === argv[1] && argv[2] === "--child") {
  await child(argv[3] ?? "", argv[4]);
} else if (argv[1] && fileURLToPath(import.meta.url) === argv[1]) {
  const rows = await benchStore();
  for (const r of rows) console.log(`${r.group} | ${r.metric} | ${r.value} | ${r.target ?? ""}`);
  process.exit(0);
}
