// Builds the web app with Vite when web/dist is missing or older than any web source file.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const newest = (path) => {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((n) => newest(join(path, n))));
};
// Everything the bundle is built from: the web app and the shared code it imports at run time
// (test/static.test.ts fails when web/src imports anything else from src/ at run time).
const sources = [
  "web/index.html",
  "web/src",
  "web/vite.config.ts",
  "src/contracts",
  "src/scoring/present.ts",
].filter(existsSync);
const built = existsSync("web/dist/index.html") ? statSync("web/dist/index.html").mtimeMs : 0;
if (built > 0 && built >= Math.max(...sources.map(newest))) {
  console.log("web app is up to date (web/dist)");
  process.exit(0);
}
console.log("building the web app (vite)…");
const r = spawnSync("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
