// The report download: the assessment's combined result rendered as PDF, HTML, Markdown, JSON or
// an ATLAS Navigator layer, with the lab evidence and the peer comparison (owner only).
import { z } from "zod";
import { findQuestion, getCatalog } from "../../catalog/index.js";
import type { LabRun } from "../../contracts/lab.js";
import type { PeerComparison, ReportContext } from "../../reports/context.js";
import { REPORT_FORMATS, REPORT_MEDIA, renderReport } from "../../reports/index.js";
import type { RunRecord, Store } from "../../store/index.js";
import { DOMAIN_QUESTION, UNSPECIFIED_DOMAIN } from "../../store/index.js";
import { defineRoute, type Route } from "../route.js";
import { IdParams } from "../schemas.js";

const ReportQuery = z.object({ format: z.enum(REPORT_FORMATS).default("pdf") }).strict();
/** Most lab runs a report shows (newest finished first). */
const MAX_RUNS = 20;

/** Chromium is heavy: print one PDF at a time per server, later requests wait their turn. */
let printing: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const next = printing.then(work, work);
  printing = next.catch(() => {});
  return next;
}

/** A stored run as report evidence; runs that never reached the target are left out. */
function asLabRun(r: RunRecord): LabRun | null {
  if (!r.targetInfo || !r.startedAt) return null;
  return {
    id: r.id,
    attack: r.attack,
    family: r.family,
    target: r.targetInfo,
    params: r.params,
    seed: r.seed,
    budget: r.budget,
    state: r.state,
    queriesUsed: r.queriesUsed,
    wallTimeMs: r.wallTimeMs ?? 0,
    metrics: r.metrics,
    summary: r.summary ?? "",
    examples: r.examples,
    ...(r.error ? { error: r.error } : {}),
    startedAt: r.startedAt,
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
  };
}

/** The peer group in words: the domain's label, as the questionnaire shows it. */
function domainGroup(catalogVersion: string, domain: string): string {
  if (domain === UNSPECIFIED_DOMAIN) return "systems that did not name their domain";
  const catalog = getCatalog(catalogVersion);
  const label =
    catalog && findQuestion(catalog, DOMAIN_QUESTION)?.options.find((o) => o.id === domain)?.label;
  return label ? `“${label}”` : domain;
}

/** The report route. */
export function reportRoutes(store: Store): Route[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/assessments/:id/report",
      summary: "The combined result as a report: pdf (default), html, md, json or navigator (owner)",
      description:
        "Returned as a download (content-disposition: attachment). `navigator` is a MITRE ATLAS Navigator " +
        "layer of the exposed techniques. The report includes finished lab runs and, when the pool has at " +
        "least k peers, the percentile among them.",
      tag: "reports",
      auth: true,
      params: IdParams,
      query: ReportQuery,
      response: {
        status: 200,
        schema: z.union([z.string(), z.instanceof(Buffer)]),
        description: "The report file",
      },
      errors: [400, 401, 404],
      handler: async ({ params, query, token, reply }) => {
        const principal = await store.authorize(token(), params.id, "owner");
        const [assessment, picture, runs, percentile] = await Promise.all([
          store.get(principal),
          store.result(principal),
          store.runs.list(principal),
          store.trends.percentile(principal),
        ]);
        const finished = runs.filter((r) => r.state === "succeeded").slice(0, MAX_RUNS);
        const detailed = await Promise.all(finished.map((r) => store.runs.get(principal, r.id)));
        const peers: PeerComparison | undefined =
          percentile.overall && percentile.peers !== null
            ? {
                percentile: percentile.overall.percentile,
                count: percentile.peers,
                group: domainGroup(principal.catalogVersion, percentile.domain),
                classes: Object.fromEntries(percentile.classes.map((c) => [c.attackClass, c.percentile])),
                k: percentile.k,
              }
            : undefined;
        const ctx: ReportContext = {
          system: {
            ...(assessment.name ? { name: assessment.name } : {}),
            ...(assessment.domain ? { domain: assessment.domain } : {}),
          },
          generatedAt: new Date().toISOString(),
          labRuns: detailed.map(asLabRun).filter((r): r is LabRun => r !== null),
          ...(peers ? { peers } : {}),
        };
        const media = REPORT_MEDIA[query.format];
        const render = () => renderReport(query.format, picture, ctx, { standalone: true });
        const body = query.format === "pdf" ? await oneAtATime(render) : await render();
        void reply.type(media.contentType);
        void reply.header("content-disposition", `attachment; filename="mlsa-report.${media.extension}"`);
        return body;
      },
    }),
  ];
}
