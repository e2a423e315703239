// Fails when an import points the wrong way between layers (see STYLE.md):
// contracts <- catalog, scoring, lab <- targets, store, reports <- server, cli.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const RANK = {
  contracts: 0,
  catalog: 1,
  scoring: 1,
  lab: 1,
  targets: 2,
  store: 2,
  reports: 2,
  server: 3,
  cli: 3,
};
/** Same-rank imports allowed between these (core helpers used by core). */
const ALLOWED_SAME_RANK = new Set(["scoring->catalog", "lab->catalog", "reports->store", "cli->server"]);

const root = resolve(process.argv[2] ?? "src");
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".ts") && !p.endsWith(".test.ts")) files.push(p);
  }
};
walk(root);

const layerOf = (file) => relative(root, file).split(/[\\/]/)[0];
const problems = [];
for (const file of files) {
  const from = layerOf(file);
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(
    /(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
  )) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith(".")) continue;
    const to = layerOf(resolve(dirname(file), spec));
    if (!(from in RANK) || !(to in RANK) || from === to) continue;
    const ok = RANK[to] < RANK[from] || ALLOWED_SAME_RANK.has(`${from}->${to}`);
    if (!ok) problems.push(`${relative(process.cwd(), file)}: ${from} must not import ${to} (${spec})`);
  }
}
if (problems.length > 0) {
  console.error(`layer check failed:\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`layer check: ${files.length} files, imports point one way`);
