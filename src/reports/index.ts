// Report formats in one place: which formats exist, their media types and file extensions, and one
// function that renders any of them. Used by the server's report endpoint and by `mlsa report`.
import type { Catalog } from "../contracts/catalog.js";
import type { RiskPicture } from "../contracts/result.js";
import type { ReportContext } from "./context.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderNavigator } from "./navigator.js";
import { type PdfOptions, renderPdf } from "./pdf.js";

export const REPORT_FORMATS = ["html", "pdf", "md", "json", "navigator"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** HTTP content type and usual file name ending of each format. */
export const REPORT_MEDIA = {
  html: { contentType: "text/html; charset=utf-8", extension: "html" },
  pdf: { contentType: "application/pdf", extension: "pdf" },
  md: { contentType: "text/markdown; charset=utf-8", extension: "md" },
  json: { contentType: "application/json; charset=utf-8", extension: "json" },
  navigator: { contentType: "application/json; charset=utf-8", extension: "layer.json" },
} as const satisfies Record<ReportFormat, { contentType: string; extension: string }>;

export interface RenderOptions extends PdfOptions {
  /** HTML only: inline the stylesheet (for downloads); PDF always renders standalone HTML. */
  standalone?: boolean;
  /** HTML only: where the stylesheet is served when not standalone (default "/report.css"). */
  cssHref?: string;
  catalog?: Catalog;
}

/** Render a report in any format: text for html/md/json/navigator, a Buffer for pdf. */
export async function renderReport(
  format: ReportFormat,
  picture: RiskPicture,
  ctx: ReportContext,
  options: RenderOptions = {},
): Promise<string | Buffer> {
  const { catalog } = options;
  const renderers = {
    html: async () =>
      renderHtml(picture, ctx, {
        ...(options.standalone !== undefined ? { standalone: options.standalone } : {}),
        ...(options.cssHref ? { cssHref: options.cssHref } : {}),
        ...(catalog ? { catalog } : {}),
      }),
    pdf: () =>
      renderPdf(renderHtml(picture, ctx, { standalone: true, ...(catalog ? { catalog } : {}) }), options),
    md: async () => renderMarkdown(picture, ctx, catalog),
    json: async () => renderJson(picture, ctx, catalog),
    navigator: async () => renderNavigator(picture, ctx, catalog),
  } satisfies Record<ReportFormat, () => Promise<string | Buffer>>;
  return renderers[format]();
}

export { svgDataUrl } from "./chart-style.js";
export { PeerComparison, ReportContext } from "./context.js";
export { peerPercentileSvg, rocChartSvg } from "./evidence-charts.js";
export { REPORT_CSS, renderHtml } from "./html.js";
export { buildJsonReport, JsonReport, renderJson } from "./json.js";
export { renderMarkdown } from "./markdown.js";
export { NavigatorLayer, navigatorLayer, renderNavigator } from "./navigator.js";
export { renderPdf } from "./pdf.js";
export { residualRadarSvg, riskMatrixSvg, stageHeatmapSvg } from "./risk-charts.js";
