// `npm start`: build the web app if it is missing or older than its sources, then serve on :3000.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (existsSync("web/index.html")) {
  const r = spawnSync(process.execPath, ["scripts/build-web.mjs"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const args = ["bin/mlsa.js", "serve", "--port", process.env.PORT ?? "3000", ...process.argv.slice(2)];
const child = spawnSync(process.execPath, args, { stdio: "inherit" });
process.exit(child.status ?? 1);
