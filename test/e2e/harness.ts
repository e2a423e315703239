// End-to-end harness: the real server (startServer, PGlite in a temp folder, serving web/dist) and
// Debian's Chromium through playwright-core. Every page records CSP violations, console errors and
// uncaught exceptions; tests assert the list is empty. Also axe-core and the HTTP helpers tests use.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type RunningServer, startServer } from "../../src/server/index.js";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Builds web/dist when it is missing or stale (a no-op when `npm test` already did). */
export function buildWeb(): void {
  execFileSync(process.execPath, ["scripts/build-web.mjs"], { stdio: "pipe" });
}

export interface App {
  url: string;
  server: RunningServer;
  close: () => Promise<void>;
}

/** The real server on 127.0.0.1, a random port, a fresh PGlite folder, the built web app. */
export async function startApp(options: { trendsK?: number } = {}): Promise<App> {
  buildWeb();
  const dataDir = mkdtempSync(join(tmpdir(), "mlsa-e2e-"));
  const server = await startServer({
    host: "127.0.0.1",
    port: 0,
    storeConfig: { dataDir, trendsK: options.trendsK },
    logger: false,
    webRoot: join(process.cwd(), "web/dist"),
    // All browser contexts share 127.0.0.1; the limits are tested by the API suite, not here.
    rateLimits: {
      address: { burst: 1e6, perSecond: 1e6 },
      token: { burst: 1e6, perSecond: 1e6 },
      create: { burst: 1e6, perSecond: 1e6 },
    },
  });
  return {
    url: server.url,
    server,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Chromium from Debian, headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** A page whose CSP violations, console errors and page errors land in `problems`. */
export interface Watched {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/**
 * A fresh browser context (its own storage: one person) with one watched page. `allow` lists
 * console messages a test expects (e.g. the 404 of a deliberately broken link).
 */
export async function openWatched(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; allow?: RegExp[] } = {},
): Promise<Watched> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, acceptDownloads: true });
  const problems: string[] = [];
  const allowed = (text: string) => (options.allow ?? []).some((r) => r.test(text));
  await context.exposeBinding("__mlsaCspViolation", (_source, text: string) => {
    problems.push(`CSP violation: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __mlsaCspViolation: (t: string) => void }).__mlsaCspViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error" && !allowed(msg.text())) problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page (injected through the debugger, so CSP stays strict) and returns the
 * serious and critical violations. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => "axe" in window);
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{
            violations: Array<{
              id: string;
              impact: string | null;
              help: string;
              nodes: Array<{ target: unknown[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => String(n.target)),
      }));
  });
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** A small JSON client for the API (Node side), to compare the UI with the API's own answers. */
export async function apiCall<T>(
  app: App,
  method: string,
  path: string,
  options: { token?: string; json?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Parses an owner or respondent link of the web app into the assessment id and token. */
export function parseLink(link: string): { id: string; role: "o" | "r"; token: string } {
  const m = /#\/a\/([^/]+)\/([or])\/([^/]+)/.exec(link);
  if (!m?.[1] || !m[3]) throw new Error(`not an mlsa link: ${link}`);
  return { id: m[1], role: m[2] as "o" | "r", token: m[3] };
}
