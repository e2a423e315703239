// Evidence charts as static SVG: where a system stands among its pooled peers, and ROC-style curves
// from lab runs.
import { CATEGORICAL, type ChartSize, INK, MUTED, renderSvg, title } from "./chart-style.js";

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

/** One named ROC curve for `rocChartSvg`. */
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
