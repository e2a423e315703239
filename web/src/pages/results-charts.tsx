// The pictures of the results page: the 5×5 likelihood × impact matrix (an HTML table), the radar
// of risk per attack class and the lifecycle stage × attack class heat map (ECharts, SVG).
import { useMemo } from "react";
import type { RiskPicture } from "../../../src/contracts/result.js";
import { IMPACT_WORDS, LIKELIHOOD_WORDS, ratingOf } from "../../../src/scoring/present.js";
import { Chart } from "../charts/chart.js";
import { Disclosure } from "../components/disclosure.js";
import { TableScroll } from "../components/table-scroll.js";
import { percent } from "../format.js";
import {
  ATTACK_CLASS_NAMES,
  ATTACK_CLASS_SHORT,
  ATTACK_CLASSES,
  RATING_WORDS,
  STAGE_NAMES,
  STAGES,
} from "../labels.js";

const LEVELS = [1, 2, 3, 4, 5] as const;
/** Three-letter marks for the matrix on narrow screens. */
const ABBR = {
  evasion: "EVA",
  poisoning: "POI",
  extraction: "EXT",
  membership: "MEM",
  inversion: "INV",
  attribute: "ATT",
} as const satisfies Record<(typeof ATTACK_CLASSES)[number], string>;

/** Residual likelihood (columns) × impact (rows); each class sits in its cell. */
export function RiskMatrix({ result }: { result: RiskPicture }) {
  return (
    <div className="matrix-wrap">
      <table className="risk-matrix">
        <caption>
          Residual likelihood (after mitigations) across, impact down. Cell colour is the rating of likelihood
          × impact.
        </caption>
        <thead>
          <tr>
            <td className="matrix-corner" />
            {LEVELS.map((l) => (
              <th key={l} scope="col">
                <span className="matrix-level">{l}</span>
                <span className="matrix-word">{LIKELIHOOD_WORDS[l - 1]}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...LEVELS].reverse().map((impact) => (
            <tr key={impact}>
              <th scope="row">
                <span className="matrix-level">{impact}</span>
                <span className="matrix-word">{IMPACT_WORDS[impact - 1]}</span>
              </th>
              {LEVELS.map((likelihood) => {
                const here = result.classes.filter(
                  (c) => c.residual.level === likelihood && c.impact.level === impact,
                );
                const rating = ratingOf(likelihood * impact);
                return (
                  <td key={likelihood} className={`cell rating-bg-${rating}`}>
                    <span className="visually-hidden">
                      Likelihood {likelihood}, impact {impact}, {RATING_WORDS[rating].toLowerCase()}:{" "}
                      {here.length === 0 ? "no attack class" : here.map((c) => c.name).join(", ")}
                    </span>
                    {here.map((c) => (
                      <span key={c.attackClass} className="matrix-chip" aria-hidden="true">
                        <span className="chip-long">{ATTACK_CLASS_SHORT[c.attackClass]}</span>
                        <span className="chip-abbr">{ABBR[c.attackClass]}</span>
                      </span>
                    ))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="matrix-axes muted">
        <span>Across: residual likelihood 1–5</span> <span>Down: impact 1–5</span>
      </p>
      <p className="chip-key muted" aria-hidden="true">
        {ATTACK_CLASSES.map((c) => `${ABBR[c]} ${ATTACK_CLASS_SHORT[c].toLowerCase()}`).join(" · ")}
      </p>
      <ul className="legend" aria-label="Ratings">
        {(["low", "medium", "high", "critical"] as const).map((r) => (
          <li key={r}>
            <span className={`swatch rating-bg-${r}`} aria-hidden="true" /> {RATING_WORDS[r]}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Risk per class before and after mitigations (likelihood × impact, 0–5). */
export function ClassRadar({ result }: { result: RiskPicture }) {
  const rows = useMemo(() => {
    const byClass = new Map(result.classes.map((c) => [c.attackClass, c]));
    return ATTACK_CLASSES.map((c) => {
      const r = byClass.get(c);
      return {
        c,
        inherent: r ? round(r.likelihood.value * r.impact.level) : 0,
        residual: r ? round(r.residual.weight) : 0,
      };
    });
  }, [result]);
  const option = useMemo(
    () => ({
      color: ["#9aa5b1", "#b4361f"],
      legend: { bottom: 0, data: ["Before mitigations", "After mitigations"] },
      tooltip: { trigger: "item" },
      radar: {
        radius: "62%",
        center: ["50%", "48%"],
        indicator: rows.map((r) => ({ name: ATTACK_CLASS_SHORT[r.c], max: 5 })),
        axisName: { color: "#1f2933", fontSize: 12 },
        splitNumber: 5,
      },
      series: [
        {
          type: "radar",
          data: [
            { name: "Before mitigations", value: rows.map((r) => r.inherent), areaStyle: { opacity: 0.12 } },
            { name: "After mitigations", value: rows.map((r) => r.residual), areaStyle: { opacity: 0.25 } },
          ],
        },
      ],
    }),
    [rows],
  );
  const worst = [...rows].sort((a, b) => b.residual - a.residual)[0];
  return (
    <>
      <Chart
        option={option}
        className="chart-radar"
        label={`Radar of risk per attack class on a 0 to 5 scale. Highest after mitigations: ${worst ? `${ATTACK_CLASS_NAMES[worst.c]} at ${worst.residual}` : "none"}. The table below lists every value.`}
      />
      <Disclosure label="Show the numbers">
        <table className="data-table">
          <caption>Likelihood × impact per attack class, 0–5</caption>
          <thead>
            <tr>
              <th scope="col">Attack class</th>
              <th scope="col">Before mitigations</th>
              <th scope="col">After mitigations</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.c}>
                <th scope="row">{ATTACK_CLASS_NAMES[r.c]}</th>
                <td>{r.inherent}</td>
                <td>{r.residual}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Disclosure>
    </>
  );
}

/** Exposure of each lifecycle stage to each attack class, from the attack-surface answers. */
export function StageHeatmap({ result, narrow }: { result: RiskPicture; narrow: boolean }) {
  const option = useMemo(() => {
    const data: Array<[number, number, number]> = [];
    for (const row of result.heatmap) {
      const y = STAGES.indexOf(row.stage);
      ATTACK_CLASSES.forEach((c, x) => {
        data.push([x, y, Math.round((row.values[c] ?? 0) * 100)]);
      });
    }
    return {
      tooltip: { position: "top" },
      grid: { left: narrow ? 78 : 170, right: 12, top: 10, bottom: narrow ? 120 : 90 },
      xAxis: {
        type: "category",
        data: ATTACK_CLASSES.map((c) => ATTACK_CLASS_SHORT[c]),
        axisLabel: { rotate: narrow ? 45 : 0, interval: 0, color: "#1f2933" },
        splitArea: { show: true },
      },
      yAxis: {
        type: "category",
        data: STAGES.map((s) => (narrow ? s[0]?.toUpperCase() + s.slice(1) : STAGE_NAMES[s])),
        inverse: true,
        axisLabel: { color: "#1f2933" },
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max: 100,
        calculable: false,
        orient: "horizontal",
        left: "center",
        bottom: 0,
        text: ["More exposed", "Less"],
        inRange: { color: ["#f3f6f9", "#f6d7a7", "#e8894a", "#b4361f"] },
      },
      series: [
        {
          type: "heatmap",
          data,
          label: { show: true, color: "#111", fontSize: 11 },
          itemStyle: { borderColor: "#fff", borderWidth: 2 },
        },
      ],
    };
  }, [result, narrow]);
  return (
    <>
      <Chart
        option={option}
        className="chart-heatmap"
        label="Heat map of exposure (0 to 100) for each lifecycle stage and attack class. The table below lists every value."
      />
      <Disclosure label="Show the numbers">
        <TableScroll label="Exposure per lifecycle stage and attack class">
          <table className="data-table">
            <caption>Exposure per lifecycle stage and attack class, 0–100</caption>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                {ATTACK_CLASSES.map((c) => (
                  <th key={c} scope="col">
                    {ATTACK_CLASS_SHORT[c]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.heatmap.map((row) => (
                <tr key={row.stage}>
                  <th scope="row">{STAGE_NAMES[row.stage]}</th>
                  {ATTACK_CLASSES.map((c) => (
                    <td key={c}>{percent(row.values[c] ?? 0).replace(" %", "")}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Disclosure>
    </>
  );
}

const round = (x: number) => Math.round(x * 10) / 10;
