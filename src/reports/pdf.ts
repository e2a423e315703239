// Print an HTML report to an A4 PDF with the system Chromium (playwright-core, no downloaded
// browser). The page runs offline: no JavaScript, every network request refused.
import { accessSync, constants } from "node:fs";
import { chromium } from "playwright-core";
import { Unsupported } from "../contracts/errors.js";

/** Chromium used when neither the option nor MLSA_CHROMIUM names another. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface PdfOptions {
  /** Path of the Chromium executable (default: $MLSA_CHROMIUM or /usr/bin/chromium). */
  executablePath?: string;
  /** Give up after this many milliseconds (default 60 s). */
  timeoutMs?: number;
}

/** The Chromium path that would be used, or an Unsupported error saying how to get one. */
export function chromiumPath(options: PdfOptions = {}): string {
  const path = options.executablePath ?? process.env.MLSA_CHROMIUM ?? DEFAULT_CHROMIUM;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Unsupported(
      `PDF reports need Chromium, and none is executable at ${path}. Install it (Debian/Ubuntu: apt-get install chromium) or set MLSA_CHROMIUM to its path; the HTML, Markdown and JSON reports work without it.`,
    );
  }
  return path;
}

/**
 * Print a complete HTML document (use `renderHtml(…, { standalone: true })` so the stylesheet is
 * inline) to an A4 PDF with backgrounds. Always closes the browser.
 */
export async function renderPdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
  const executablePath = chromiumPath(options);
  const timeout = options.timeoutMs ?? 60_000;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.route("**/*", (route) =>
      route.request().url().startsWith("data:") ? route.continue() : route.abort(),
    );
    await page.setContent(html, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
