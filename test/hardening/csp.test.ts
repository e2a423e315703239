// The server's Content-Security-Policy and Referrer-Policy in a real Chromium: a page served by the
// real server tries an inline script, an inline <style>, a style attribute, an image and a fetch
// from another origin; Chromium reports each as a violation and runs or loads none of them, while
// the page's own files work. A link to another origin, followed from a URL holding a token, sends
// no Referer.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/server/index.js";
import { launchBrowser, openWatched } from "../e2e/harness.js";
import { NO_LIMITS } from "../support/server.js";

const dir = mkdtempSync(join(tmpdir(), "mlsa-csp-"));
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
const other = createServer((req, res) => {
  seen.push({ url: req.url ?? "", headers: req.headers });
  res.writeHead(200, { "content-type": "text/html" });
  res.end("<!doctype html><title>elsewhere</title>");
});
let server: RunningServer;
let browser: Browser;
let elsewhere: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  elsewhere = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP probe</title>
<style>body { background-color: rgb(255, 0, 0); }</style>
<script>window.inlineRan = true;</script>
<link rel="stylesheet" href="/own.css">
<script src="/own.js"></script>
</head><body>
<p id="attr" style="color: rgb(0, 255, 0)">style attribute</p>
<p id="own">own stylesheet</p>
<img id="img" src="${elsewhere}/pixel.png" alt="">
<a id="out" href="${elsewhere}/landing">elsewhere</a>
</body></html>`,
  );
  writeFileSync(join(dir, "own.css"), "#own { color: rgb(0, 0, 255); }\n");
  writeFileSync(
    join(dir, "own.js"),
    `window.ownRan = true;
fetch(${JSON.stringify(`${elsewhere}/exfiltrate`)}).then(() => { window.fetched = true; }, () => { window.fetchBlocked = true; });\n`,
  );
  server = await startServer({
    port: 0,
    storeConfig: { memory: true },
    logger: false,
    webRoot: dir,
    rateLimits: NO_LIMITS,
  });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => other.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe("security headers in a real browser", () => {
  it("blocks inline script, inline style and foreign loads, and reports each violation", async () => {
    const token = "T".repeat(43);
    const { context, page, problems } = await openWatched(browser);
    await page.goto(`${server.url}/?t=${token}#${token}`);
    await page.waitForFunction(() => (window as unknown as { fetchBlocked?: boolean }).fetchBlocked === true);
    const state = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const color = (id: string) => getComputedStyle(document.getElementById(id) as HTMLElement).color;
      return {
        inlineRan: w.inlineRan === true,
        ownRan: w.ownRan === true,
        fetched: w.fetched === true,
        background: getComputedStyle(document.body).backgroundColor,
        attr: color("attr"),
        own: color("own"),
        imageLoaded: (document.getElementById("img") as HTMLImageElement).naturalWidth > 0,
      };
    });
    expect(state.inlineRan).toBe(false);
    expect(state.ownRan).toBe(true); // the page's own script runs: the policy is not simply broken
    expect(state.background).not.toBe("rgb(255, 0, 0)");
    expect(state.attr).not.toBe("rgb(0, 255, 0)");
    expect(state.own).toBe("rgb(0, 0, 255)");
    expect(state.fetched).toBe(false);
    expect(state.imageLoaded).toBe(false);
    const violations = problems.filter((p) => p.startsWith("CSP violation"));
    console.log(`[csp] Chromium reported:\n${violations.join("\n")}`);
    expect(violations.some((v) => /script-src/.test(v) && /inline/.test(v))).toBe(true);
    expect(violations.some((v) => /style-src/.test(v) && /inline/.test(v))).toBe(true);
    expect(violations.some((v) => /img-src/.test(v) && v.includes("/pixel.png"))).toBe(true);
    expect(violations.some((v) => /connect-src/.test(v) && v.includes("/exfiltrate"))).toBe(true);
    // nothing reached the other origin: CSP stopped the image and the fetch before any request
    expect(seen.map((s) => s.url)).toEqual([]);

    await page.click("#out");
    await page.waitForURL(`${elsewhere}/landing`);
    expect(seen.map((s) => s.url)).toContain("/landing");
    expect(seen.find((s) => s.url === "/landing")?.headers.referer).toBeUndefined();
    for (const request of seen) {
      // nothing the other origin received (the page, its favicon) names our page or the token
      expect(JSON.stringify(request.headers), request.url).not.toContain(server.url);
      expect(JSON.stringify(request.headers), request.url).not.toContain(token);
    }
    await context.close();
  }, 60_000);
});
