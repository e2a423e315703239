// Report charts as static SVG, drawn server-side with ECharts (no DOM, no animation): the 5×5 risk
// matrix, the residual-risk radar, the lifecycle heat map, peer percentiles and ROC-style curves.
import * as echarts from "echarts";
import { ATTACK_CLASSES, type AttackClass, STAGE_NAMES, STAGES } from "../contracts/catalog.js";
import type { Rating, RiskPicture } from "../contracts/result.js";

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
const SEQUENTIAL = ["#FFFBE6", "#FEE391", "#FEC44F", "#FE9929", "#EC7014", "#CC4C02", "#8C2D04"];

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
const KEY_CLASS_NAMES = {
  evasion: "Model evasion",
  poisoning: "Model poisoning",
  extraction: "Model stealing",
  membership: "Membership inference",
  inversion: "Model inversion",
  attribute: "Attribute inference",
} as const satisfies Record<AttackClass, string>;

/** Medium-length class names for axes with room. */
const AXIS_CLASS_NAMES = {
  evasion: "Evasion",
  poisoning: "Poisoning",
  extraction: "Extraction",
  membership: "Membership inference",
  inversion: "Model inversion",
  attribute: "Attribute inference",
} as const satisfies Record<AttackClass, string>;

const FONT = "Liberation Sans, Arial, Helvetica, sans-serif";
const INK = "#1a1a1a";
const MUTED = "#555555";

/** Rating of a likelihood × impact product, as the scoring model rates it. */
export function ratingOfScore(score: number): Rating {
  if (score >= 20) return "critical";
  if (score >= 10) return "high";
  if (score >= 5) return "medium";
  return "low";
}

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
function renderSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
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

const title = (text: string, subtext?: string) => ({
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

export interface ChartSize {
  width?: number;
  height?: number;
}

/**
 * 5×5 risk matrix: residual likelihood level (x) × impact level (y), cells coloured by rating. Each
 * attack class is a numbered marker in its cell (1 = highest residual risk), named in a key beside it.
 */
export function riskMatrixSvg(picture: RiskPicture, size: ChartSize = {}): string {
  const width = size.width ?? 780;
  const height = size.height ?? 470;
  const keyWidth = 250;
  const cellAreas = [];
  for (let l = 1; l <= 5; l++) {
    for (let i = 1; i <= 5; i++) {
      const rating = ratingOfScore(l * i);
      cellAreas.push([
        {
          xAxis: l - 0.5,
          yAxis: i - 0.5,
          itemStyle: { color: RATING_COLORS[rating], borderColor: "#ffffff", borderWidth: 2 },
        },
        { xAxis: l + 0.5, yAxis: i + 0.5 },
      ]);
    }
  }
  const ranked = [...picture.classes].sort(
    (a, b) => b.residual.weight - a.residual.weight || a.attackClass.localeCompare(b.attackClass),
  );
  // Markers sharing a cell sit in a grid of up to three columns around the cell centre.
  const byCell = new Map<string, AttackClass[]>();
  for (const c of ranked) {
    const key = `${c.residual.level}:${c.impact.level}`;
    byCell.set(key, [...(byCell.get(key) ?? []), c.attackClass]);
  }
  const points = ranked.map((c, rank) => {
    const group = byCell.get(`${c.residual.level}:${c.impact.level}`) ?? [c.attackClass];
    const k = group.indexOf(c.attackClass);
    const cols = Math.min(3, group.length);
    const rows = Math.ceil(group.length / 3);
    const dx = ((k % 3) - (cols - 1) / 2) * 0.3;
    const dy = -(Math.floor(k / 3) - (rows - 1) / 2) * 0.36;
    return { name: String(rank + 1), value: [c.residual.level + dx, c.impact.level + dy] };
  });
  const keyLeft = width - keyWidth + 16;
  const key = ranked.flatMap((c, rank) => {
    const y = 84 + rank * 44;
    return [
      {
        type: "circle",
        shape: { cx: keyLeft + 11, cy: y + 8, r: 11 },
        style: { fill: "#ffffff", stroke: INK, lineWidth: 1.5 },
      },
      {
        type: "text",
        x: keyLeft + 11,
        y: y + 8,
        style: {
          text: String(rank + 1),
          fill: INK,
          font: `bold 13px ${FONT}`,
          align: "center",
          verticalAlign: "middle",
        },
      },
      {
        type: "text",
        x: keyLeft + 30,
        y: y,
        style: { text: KEY_CLASS_NAMES[c.attackClass], fill: INK, font: `bold 14px ${FONT}` },
      },
      {
        type: "text",
        x: keyLeft + 30,
        y: y + 18,
        style: { text: `${c.residual.rating} · ${c.residual.score}/25`, fill: MUTED, font: `13px ${FONT}` },
      },
    ];
  });
  const levelAxis = (name: string, words: readonly string[], sep: string, gap: number) => ({
    type: "value",
    min: 0.5,
    max: 5.5,
    interval: 1,
    name,
    nameLocation: "middle",
    nameGap: gap,
    nameTextStyle: { fontSize: 14, color: INK, fontFamily: FONT },
    axisLabel: {
      fontSize: 13,
      color: INK,
      customValues: [1, 2, 3, 4, 5],
      formatter: (v: number) => `${v}${sep}${words[v - 1] ?? ""}`,
    },
    axisTick: { show: false },
    splitLine: { show: false },
    axisLine: { lineStyle: { color: MUTED } },
  });
  return renderSvg(
    {
      title: {
        ...title(
          "Risk matrix: residual likelihood × impact",
          "Numbered markers: attack classes, 1 = highest residual risk",
        ),
        left: (width - keyWidth) / 2 + 40,
        textAlign: "center",
      },
      grid: { left: 110, right: keyWidth, top: 62, bottom: 84 },
      xAxis: levelAxis(
        "Residual likelihood (after defences)",
        ["very low", "low", "moderate", "high", "very high"],
        "\n",
        42,
      ),
      yAxis: levelAxis("Impact", ["negligible", "minor", "moderate", "major", "severe"], " ", 90),
      legend: {
        bottom: 6,
        left: (width - keyWidth) / 2 - 120,
        data: (["low", "medium", "high", "critical"] as const).map((r) => ({
          name: `${r[0]!.toUpperCase()}${r.slice(1)}`,
          itemStyle: { color: RATING_COLORS[r], borderColor: MUTED, borderWidth: 1 },
        })),
        textStyle: { fontSize: 13, color: INK },
        selectedMode: false,
      },
      graphic: key,
      series: [
        {
          name: "cells",
          type: "scatter",
          data: [],
          silent: true,
          markArea: { silent: true, data: cellAreas },
        },
        ...(["low", "medium", "high", "critical"] as const).map((r) => ({
          name: `${r[0]!.toUpperCase()}${r.slice(1)}`,
          type: "scatter",
          data: [],
          itemStyle: { color: RATING_COLORS[r] },
        })),
        {
          name: "attack classes",
          type: "scatter",
          symbolSize: 22,
          itemStyle: { color: "#ffffff", borderColor: INK, borderWidth: 1.5, opacity: 1 },
          data: points,
          label: {
            show: true,
            position: "inside",
            fontSize: 13,
            fontWeight: "bold",
            color: INK,
            formatter: "{b}",
          },
        },
      ],
    },
    width,
    height,
  );
}

/**
 * Radar of risk per attack class on the 1..25 scale: inherent (likelihood × impact, before
 * mitigations) as a dashed outline and residual (after mitigations) as a filled area.
 */
export function residualRadarSvg(picture: RiskPicture, size: ChartSize = {}): string {
  const width = size.width ?? 760;
  const height = size.height ?? 560;
  const order = ATTACK_CLASSES.map((c) => picture.classes.find((r) => r.attackClass === c)).filter(
    (r) => r !== undefined,
  );
  return renderSvg(
    {
      title: title("Risk per attack class", "Score 1..25 = likelihood level × impact level"),
      color: [CATEGORICAL[1], CATEGORICAL[0]],
      legend: { bottom: 8, textStyle: { fontSize: 12, color: INK }, selectedMode: false },
      radar: {
        center: ["50%", "54%"],
        radius: "62%",
        indicator: order.map((r) => ({ name: AXIS_CLASS_NAMES[r.attackClass], max: 25 })),
        splitNumber: 5,
        axisName: { color: INK, fontSize: 13, fontFamily: FONT },
        axisNameGap: 20,
        splitLine: { lineStyle: { color: "#c8c8c8" } },
        splitArea: { areaStyle: { color: ["#ffffff", "#f4f4f4"] } },
        axisLine: { lineStyle: { color: "#b0b0b0" } },
      },
      series: [
        {
          type: "radar",
          data: [
            {
              name: "Before mitigations",
              value: order.map((r) => r.likelihood.level * r.impact.level),
              lineStyle: { type: "dashed", width: 2 },
              symbol: "rect",
              symbolSize: 6,
            },
            {
              name: "Residual (after mitigations)",
              value: order.map((r) => r.residual.score),
              areaStyle: { opacity: 0.35 },
              lineStyle: { width: 2.5 },
              symbolSize: 7,
              label: { show: true, fontSize: 12, fontWeight: "bold", color: INK },
            },
          ],
        },
      ],
    },
    width,
    height,
  );
}

/** Heat map of exposure (0..1) per lifecycle stage × attack class, with the value in each cell. */
export function stageHeatmapSvg(picture: RiskPicture, size: ChartSize = {}): string {
  const width = size.width ?? 760;
  const height = size.height ?? 460;
  const data = [];
  for (const [y, stage] of STAGES.entries()) {
    const row = picture.heatmap.find((h) => h.stage === stage);
    for (const [x, c] of ATTACK_CLASSES.entries()) {
      const v = row?.values[c] ?? 0;
      data.push({ value: [x, y, Math.round(v * 100)], label: { color: v >= 0.75 ? "#ffffff" : INK } });
    }
  }
  return renderSvg(
    {
      title: title(
        "Attack surface along the lifecycle",
        "Share of the possible exposure present, per stage and attack class",
      ),
      grid: { left: 170, right: 24, top: 66, bottom: 96 },
      xAxis: {
        type: "category",
        data: ATTACK_CLASSES.map((c) => AXIS_CLASS_NAMES[c]),
        axisLabel: { fontSize: 12, color: INK, interval: 0, width: 90, overflow: "break" },
        axisTick: { show: false },
        splitArea: { show: false },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: STAGES.map((s) => STAGE_NAMES[s]),
        axisLabel: { fontSize: 12, color: INK },
        axisTick: { show: false },
      },
      visualMap: {
        type: "continuous",
        min: 0,
        max: 100,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 6,
        itemWidth: 12,
        itemHeight: 200,
        text: ["100 %", "0 %"],
        textStyle: { fontSize: 11, color: INK },
        inRange: { color: SEQUENTIAL },
      },
      series: [
        {
          type: "heatmap",
          data,
          label: { show: true, fontSize: 13, formatter: (p: { value: number[] }) => `${p.value[2]} %` },
          itemStyle: { borderColor: "#ffffff", borderWidth: 2 },
        },
      ],
    },
    width,
    height,
  );
}

/** Horizontal bars: this system's percentile among peers, overall and per class (0..100). */
export function peerPercentileSvg(
  rows: ReadonlyArray<{ label: string; percentile: number }>,
  subtitle: string,
  size: ChartSize = {},
): string {
  const width = size.width ?? 760;
  const height = size.height ?? 110 + rows.length * 42;
  return renderSvg(
    {
      title: title("Where this system stands among its peers", subtitle),
      grid: { left: 170, right: 60, top: 66, bottom: 40 },
      xAxis: {
        type: "value",
        min: 0,
        max: 100,
        name: "Percentile (higher = riskier than more peers)",
        nameLocation: "middle",
        nameGap: 26,
        axisLabel: { formatter: "{value}", fontSize: 11, color: INK },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: rows.map((r) => r.label),
        axisLabel: { fontSize: 12, color: INK },
        axisTick: { show: false },
      },
      series: [
        {
          type: "bar",
          barWidth: 18,
          data: rows.map((r) => Math.round(r.percentile)),
          itemStyle: { color: CATEGORICAL[0] },
          label: { show: true, position: "right", fontSize: 12, color: INK, formatter: "{c}" },
          markLine: {
            silent: true,
            symbol: "none",
            lineStyle: { type: "dashed", color: MUTED },
            label: { formatter: "median", color: MUTED, fontSize: 10 },
            data: [{ xAxis: 50 }],
          },
        },
      ],
    },
    width,
    height,
  );
}

export interface RocCurve {
  name: string;
  /** Points as [false-positive rate, true-positive rate], both 0..1. */
  points: ReadonlyArray<readonly [number, number]>;
}

/** ROC-style chart (TPR against FPR) for lab evidence, with the chance diagonal. */
export function rocChartSvg(
  curves: readonly RocCurve[],
  options: ChartSize & { title?: string; subtitle?: string; logFpr?: boolean } = {},
): string {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const log = options.logFpr === true;
  const finite = curves.map((c) => ({
    name: c.name,
    data: c.points
      .filter(([f, t]) => Number.isFinite(f) && Number.isFinite(t) && (!log || f > 0))
      .map(([f, t]) => [f, t] as [number, number])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]),
  }));
  // A log axis cannot show FPR 0: start one decade below the smallest positive FPR (at most 1e-4).
  const smallest = Math.min(1, ...finite.flatMap((c) => c.data.map(([f]) => f)).filter((f) => f > 0));
  const minFpr = log ? Math.max(1e-4, 10 ** Math.floor(Math.log10(smallest))) : 0;
  const sorted = finite.map((c) => ({ ...c, data: c.data.filter(([f]) => f >= minFpr) }));
  const chance = log
    ? [0, 1, 2, 3, 4]
        .map((k) => minFpr * 10 ** k)
        .filter((f) => f < 1)
        .concat(1)
        .map((f) => [f, f])
    : [
        [0, 0],
        [1, 1],
      ];
  return renderSvg(
    {
      title: title(options.title ?? "ROC curve", options.subtitle),
      color: [...CATEGORICAL],
      legend: { bottom: 8, textStyle: { fontSize: 12, color: INK }, selectedMode: false },
      grid: { left: 70, right: 30, top: 70, bottom: 80 },
      xAxis: {
        type: log ? "log" : "value",
        min: minFpr,
        max: 1,
        name: log ? "False-positive rate (log scale)" : "False-positive rate",
        nameLocation: "middle",
        nameGap: 28,
        axisLabel: { fontSize: 11, color: INK },
      },
      yAxis: {
        type: "value",
        min: 0,
        max: 1,
        name: "True-positive rate",
        nameLocation: "middle",
        nameGap: 44,
        axisLabel: { fontSize: 11, color: INK },
      },
      series: [
        ...sorted.map((c) => ({
          name: c.name,
          type: "line",
          showSymbol: false,
          lineStyle: { width: 2.5 },
          data: c.data,
        })),
        {
          name: "Chance (no leak)",
          type: "line",
          showSymbol: false,
          lineStyle: { type: "dashed", width: 1.5, color: MUTED },
          itemStyle: { color: MUTED },
          data: chance,
        },
      ],
    },
    width,
    height,
  );
}
