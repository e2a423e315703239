// Static checks as tests so CI counts them: types, lint, and the one-way layer rule.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const run = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { encoding: "utf8", timeout: 240_000, env: { ...process.env, NO_COLOR: "1" } });

/** Files of a folder, recursively. */
const filesOf = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesOf(join(dir, e.name)) : [join(dir, e.name)],
  );

describe("static checks", () => {
  it("rebuilds the web app when shared code it bundles changes", () => {
    // the sources scripts/build-web.mjs watches
    const script = readFileSync("scripts/build-web.mjs", "utf8");
    const watched = [...(/const sources = \[([^\]]*)\]/.exec(script)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(watched).toContain("web/src");
    // every run-time (not type-only) import from web/src into src/
    const bundled = filesOf("web/src")
      .filter((f) => /\.tsx?$/.test(f))
      .flatMap((f) =>
        [...readFileSync(f, "utf8").matchAll(/^import (?!type )[^;]*?from "((?:\.\.\/)+src\/[^"]+)";/gm)].map(
          (m) => relative(".", resolve(dirname(f), (m[1] as string).replace(/\.js$/, ".ts"))),
        ),
      );
    expect(bundled.length).toBeGreaterThan(0);
    for (const file of bundled) {
      expect(
        watched.some((w) => file === w || file.startsWith(`${w}/`)),
        `${file} is bundled but not watched`,
      ).toBe(true);
    }
  });

  it("type-checks with strict TypeScript", () => {
    const r = run("node", ["node_modules/typescript/bin/tsc", "-p", "tsconfig.check.json"]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 240_000);

  it("passes Biome lint and format checks", () => {
    const r = run("node_modules/.bin/biome", ["ci", "--reporter=summary", "."]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  }, 120_000);

  it("keeps imports pointing one way between layers", () => {
    expect(execFileSync("node", ["scripts/check-layers.mjs"], { encoding: "utf8" })).toMatch(
      /imports point one way/,
    );
  });

  it("fails the layer check when core imports an adapter", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlsa-layers-"));
    mkdirSync(join(dir, "scoring"));
    mkdirSync(join(dir, "store"));
    writeFileSync(join(dir, "store", "db.ts"), "export const db = 1;\n");
    writeFileSync(
      join(dir, "scoring", "bad.ts"),
      'import { db } from "../store/db.js";\nexport const x = db;\n',
    );
    const r = run("node", ["scripts/check-layers.mjs", dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("scoring must not import store");
  });
});
