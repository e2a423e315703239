// Measures the web app's first-load JavaScript and CSS (gzipped), from the built web/dist.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { BenchRow } from "./types.js";

/** Gzipped size of the scripts and styles that index.html loads up front (not lazy chunks). */
export async function benchWeb(): Promise<BenchRow[]> {
  const html = readFileSync("web/dist/index.html", "utf8");
  const assets = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const size = (ext: string) =>
    assets
      .filter((a) => a.endsWith(ext))
      .reduce((n, a) => n + gzipSync(readFileSync(`web/dist/${a}`)).length, 0);
  return [
    {
      group: "web",
      metric: "first-load JS, gzipped (kB)",
      value: +(size(".js") / 1024).toFixed(1),
      target: "< 150",
    },
    { group: "web", metric: "first-load CSS, gzipped (kB)", value: +(size(".css") / 1024).toFixed(1) },
  ];
}
