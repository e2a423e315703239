// `npm run bench`: runs every benchmark module, prints one table and writes docs/benchmarks.md.
// Benchmarks measure speed and attack quality; they are not tests and never fail the build.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import type { BenchRow } from "./types.js";

type Bench = { name: string; file: string; fn: string };
const BENCHES: Bench[] = [
  { name: "store and API", file: "./store.ts", fn: "benchStore" },
  { name: "attack lab I", file: "./lab.ts", fn: "benchLab" },
  { name: "attack lab II", file: "./lab2.ts", fn: "benchLab2" },
  { name: "web app", file: "./web.ts", fn: "benchWeb" },
  { name: "load and faults", file: "./load.ts", fn: "benchLoad" },
];

const only = process.argv.slice(2);
const rows: BenchRow[] = [];
const notes: string[] = [];
if (existsSync("web/index.html"))
  spawnSync(process.execPath, ["scripts/build-web.mjs"], { stdio: "inherit" });
for (const b of BENCHES.filter((x) => only.length === 0 || only.some((o) => x.name.includes(o)))) {
  if (!existsSync(new URL(b.file, import.meta.url))) {
    notes.push(`${b.name}: no benchmark module (${b.file}) yet`);
    continue;
  }
  const started = Date.now();
  process.stderr.write(`bench: ${b.name}…\n`);
  try {
    const mod = (await import(b.file)) as Record<string, () => Promise<BenchRow[]>>;
    const fn = mod[b.fn];
    if (!fn) throw new Error(`${b.file} does not export ${b.fn}`);
    rows.push(...(await fn()));
    notes.push(`${b.name}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } catch (error) {
    notes.push(`${b.name}: FAILED — ${(error as Error).message}`);
  }
}

const fmt = (v: number | string) =>
  typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v;
const table = [
  "| group | metric | value | target |",
  "| --- | --- | --- | --- |",
  ...rows.map((r) => `| ${r.group} | ${r.metric} | ${fmt(r.value)} | ${r.target ?? ""} |`),
].join("\n");
console.log(table);
const doc = `# Benchmarks

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores
(${cpus()[0]?.model ?? "unknown CPU"}). Targets are goals, not tests: a missed target is reported here, not hidden.
All traffic stays on 127.0.0.1.

${table}

Run times: ${notes.join("; ")}.
`;
if (only.length === 0) writeFileSync("docs/benchmarks.md", doc);
else console.log(`(partial run of ${only.join(", ")}: docs/benchmarks.md not rewritten)`);
process.exit(0);
