// The risk-picture charts as static SVG: the 5×5 risk matrix, the residual-risk radar per attack
// class and the lifecycle stage × attack class heat map.
import { ATTACK_CLASSES, type AttackClass, STAGE_NAMES, STAGES } from "../contracts/catalog.js";
import type { RiskPicture } from "../contracts/result.js";
import { IMPACT_WORDS, LIKELIHOOD_WORDS, ratingOf, worstFirst } from "../scoring/present.js";
import {
  AXIS_CLASS_NAMES,
  CATEGORICAL,
  type ChartSize,
  FONT,
  INK,
  KEY_CLASS_NAMES,
  MUTED,
  RATING_COLORS,
  renderSvg,
  SEQUENTIAL,
  title,
} from "./chart-style.js";

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
      const rating = ratingOf(l * i);
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
  const ranked = worstFirst(picture.classes);
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
      xAxis: levelAxis("Residual likelihood (after defences)", [...LIKELIHOOD_WORDS], "\n", 42),
      yAxis: levelAxis("Impact", [...IMPACT_WORDS], " ", 90),
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
