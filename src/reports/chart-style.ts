// Shared look of the report charts: colour palettes, class-name tables and fonts, and the one place
// that renders an ECharts option to a static, reproducible SVG string.
import * as echarts from "echarts";
import type { AttackClass } from "../contracts/catalog.js";
import type { Rating } from "../contracts/result.js";

/** Okabe–Ito colours: distinguishable with the common forms of colour blindness. */
export const CATEGORICAL = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#000000",
] as const;

/** Rating colours ordered by lightness (yellow → dark brown), so order survives without hue. */
export const RATING_COLORS = {
  low: "#FFF3B0",
  medium: "#FDC35A",
  high: "#E8742A",
  critical: "#8C2D04",
} as const satisfies Record<Rating, string>;

/** Text colour that stays readable on each rating colour. */
export const RATING_TEXT = {
  low: "#1a1a1a",
  medium: "#1a1a1a",
  high: "#1a1a1a",
  critical: "#ffffff",
} as const satisfies Record<Rating, string>;

/** Sequential scale for 0..1 values (heat map), light to dark. */
export const SEQUENTIAL = ["#FFFBE6", "#FEE391", "#FEC44F", "#FE9929", "#EC7014", "#CC4C02", "#8C2D04"];

/** Short class names that fit inside chart cells and axes. */
export const SHORT_CLASS_NAMES = {
  evasion: "Evasion",
  poisoning: "Poisoning",
  extraction: "Extraction",
  membership: "Membership",
  inversion: "Inversion",
  attribute: "Attribute",
} as const satisfies Record<AttackClass, string>;

/** Class names for the matrix key, where there is room. */
export const KEY_CLASS_NAMES = {
  evasion: "Model evasion",
  poisoning: "Model poisoning",
  extraction: "Model stealing",
  membership: "Membership inference",
  inversion: "Model inversion",
  attribute: "Attribute inference",
} as const satisfies Record<AttackClass, string>;

/** Medium-length class names for axes with room. */
export const AXIS_CLASS_NAMES = {
  evasion: "Evasion",
  poisoning: "Poisoning",
  extraction: "Extraction",
  membership: "Membership inference",
  inversion: "Model inversion",
  attribute: "Attribute inference",
} as const satisfies Record<AttackClass, string>;

/** Font stack of every chart text. */
export const FONT = "Liberation Sans, Arial, Helvetica, sans-serif";
/** Main text and line colour. */
export const INK = "#1a1a1a";
/** Secondary text, axis lines and reference lines. */
export const MUTED = "#555555";

/**
 * Make ECharts' SVG static and reproducible: drop the hover-only <style> block and its classes (a
 * picture has no hover), and the per-process instance number in ids ("zr7-c0" → "zr-c0").
 */
function staticSvg(svg: string): string {
  return svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>\s*/g, "")
    .replace(/ class="zr\d+-cls-\d+"/g, "")
    .replace(/\bzr\d+-/g, "zr-");
}

/** Render an ECharts option to an SVG string and always free the instance. */
export function renderSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: FONT, color: INK },
      ...option,
    });
    return staticSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** Centred chart title with an optional smaller subtitle, in the shared fonts and colours. */
export const title = (text: string, subtext?: string) => ({
  text,
  subtext,
  left: "center",
  top: 8,
  textStyle: { fontSize: 16, fontWeight: "bold", color: INK, fontFamily: FONT },
  subtextStyle: { fontSize: 11, color: MUTED, fontFamily: FONT },
});

/** SVG as a data URL for `<img src>` (allowed by a CSP with `img-src data:`). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}

/** Optional chart size in pixels; each chart has its own default. */
export interface ChartSize {
  width?: number;
  height?: number;
}
