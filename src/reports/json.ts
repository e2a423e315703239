// The JSON report: the risk picture with its context, the catalog version and hash and the ATLAS
// version, in one schema-checked document that other tools can read back.
import { z } from "zod";
import { ATLAS_VERSION } from "../catalog/atlas-data.js";
import { catalogHash, getCatalog } from "../catalog/index.js";
import type { Catalog } from "../contracts/catalog.js";
import { LabRun } from "../contracts/lab.js";
import { RiskPicture } from "../contracts/result.js";
import { PeerComparison, ReportContext } from "./context.js";

export const JSON_REPORT_FORMAT = "mlsa-report/1";

/** Shape of a JSON report. */
export const JsonReport = z
  .object({
    format: z.literal(JSON_REPORT_FORMAT),
    generatedAt: z.string(),
    catalog: z.object({ version: z.string(), hash: z.string().nullable() }),
    atlasVersion: z.string(),
    system: ReportContext.shape.system,
    picture: RiskPicture,
    labRuns: z.array(LabRun),
    peers: PeerComparison.nullable(),
  })
  .strict();
export type JsonReport = z.infer<typeof JsonReport>;

/** Build and validate the JSON report; throws a ZodError if the picture or context is malformed. */
export function buildJsonReport(picture: RiskPicture, ctx: ReportContext, catalog?: Catalog): JsonReport {
  const cat = catalog ?? getCatalog(picture.catalogVersion);
  return JsonReport.parse({
    format: JSON_REPORT_FORMAT,
    generatedAt: ctx.generatedAt,
    catalog: { version: picture.catalogVersion, hash: cat ? catalogHash(cat) : null },
    atlasVersion: ATLAS_VERSION,
    system: ctx.system,
    picture,
    labRuns: ctx.labRuns ?? [],
    peers: ctx.peers ?? null,
  });
}

/** The JSON report as pretty-printed text with a trailing newline. */
export function renderJson(picture: RiskPicture, ctx: ReportContext, catalog?: Catalog): string {
  return `${JSON.stringify(buildJsonReport(picture, ctx, catalog), null, 2)}\n`;
}
