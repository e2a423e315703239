// The report download over real HTTP: every format, owner only, the same answers as the result.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/support/server.js";
import { CATALOG, findQuestion } from "../catalog/index.js";
import { buildContribution, DOMAIN_QUESTION, publishedThrough } from "../store/index.js";
import { rng, sampleAnswers } from "../store/seed.js";
import { CreateAssessmentResponse } from "./schemas.js";

let server: TestServer;
let id: string;
let tokens: { owner: string; risk: string; surface: string; security: string };

beforeAll(async () => {
  server = await startTestServer();
  const created = CreateAssessmentResponse.parse(
    (await server.call("POST", "/api/assessments", { body: { name: "Image API", domain: "media_social" } }))
      .body,
  );
  id = created.assessment.id;
  tokens = created.tokens;
  const example = readFileSync(new URL("../../examples/public-image-api.yaml", import.meta.url), "utf8");
  const imported = await server.call("PUT", `/api/assessments/${id}/import`, {
    token: tokens.owner,
    text: example,
  });
  expect(imported.status).toBe(200);
});
afterAll(async () => server?.close());

const get = (format: string, token = tokens.owner) =>
  fetch(`${server.url}/api/assessments/${id}/report?format=${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });

describe("GET /api/assessments/:id/report", () => {
  it("returns Markdown, JSON and a Navigator layer as downloads", async () => {
    const md = await get("md");
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(md.headers.get("content-disposition")).toBe('attachment; filename="mlsa-report.md"');
    expect(await md.text()).toMatch(/^# ML security risk report: /);

    const json = (await (await get("json")).json()) as { picture?: { overall: { rating: string } } };
    const result = (
      await server.call<{ overall: { rating: string } }>("GET", `/api/assessments/${id}/result`, {
        token: tokens.owner,
      })
    ).body;
    expect(JSON.stringify(json)).toContain(`"rating":"${result.overall.rating}"`);

    const layer = (await (await get("navigator")).json()) as { domain: string; techniques: unknown[] };
    expect(layer.domain).toBe("atlas-atlas");
    expect(layer.techniques.length).toBeGreaterThan(0);
  });

  it("returns standalone HTML with the charts as images", async () => {
    const res = await get("html");
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("data:image/svg+xml;base64,");
    expect(html).not.toContain("<script");
  });

  it("prints a PDF with Chromium", async () => {
    const res = await get("pdf");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it("refuses respondents, other tokens and unknown formats", async () => {
    expect((await get("md", tokens.risk)).status).toBe(404);
    expect((await get("md", "x".repeat(43))).status).toBe(404);
    const bad = await get("docx");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: Array<{ path: string }> }).issues[0]?.path).toBe("query.format");
  });

  it("names the peer group by the domain's label, not its id", async () => {
    const random = rng(4);
    await server.store.poolBulk(
      Array.from({ length: 6 }, () =>
        buildContribution(
          CATALOG,
          sampleAnswers(CATALOG, "media_social", random),
          ["risk", "surface", "security"],
          {
            domain: "media_social",
            month: publishedThrough(new Date()),
            withScore: true,
          },
        ),
      ),
    );
    const md = await (await get("md")).text();
    const label = findQuestion(CATALOG, DOMAIN_QUESTION)?.options.find((o) => o.id === "media_social")?.label;
    expect(md).toContain(`Compared with 6 pooled peer systems in “${label}”`);
    expect(md).not.toContain("media_social");
  });
});
