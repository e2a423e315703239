// The results page (owner link): the combined risk picture of all answers so far — summary for
// decision makers, matrix, radar, heat map, findings, mitigations, gaps, contradictions,
// completeness and lab evidence. Loaded lazily with the charts; refreshes while it is open.
import { useEffect } from "react";
import { api } from "../api.js";
import { PageHeading } from "../components/page.js";
import { ErrorPanel, Loading } from "../components/status.js";
import { plural } from "../format.js";
import { hrefOf, type Key } from "../router.js";
import { useLoad } from "../use-load.js";
import { useNarrow } from "../use-narrow.js";
import { LabEvidence } from "./lab-evidence.js";
import { loadOwned } from "./owner.js";
import { ClassRadar, RiskMatrix, StageHeatmap } from "./results-charts.js";
import {
  Completeness,
  Contradictions,
  Findings,
  Gaps,
  RatingBadge,
  Recommendations,
} from "./results-lists.js";

const REFRESH_MS = 15_000;

async function loadAll(owner: Key) {
  const view = await loadOwned(owner);
  const result = await api.result(owner);
  // Lab runs are optional evidence: a server without the lab endpoint simply has none.
  const runs = await api.labRuns(owner);
  return { view, result, runs, at: new Date() };
}

/** Results of the assessment opened with the owner link. */
export default function ResultsPage({ owner }: { owner: Key }) {
  const [load, reload, set] = useLoad(() => loadAll(owner), `${owner.id}/${owner.token}`);
  const narrow = useNarrow();
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") loadAll(owner).then(set, () => undefined);
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [owner, set]);
  if (load.state === "loading") return <Loading what="the results" />;
  if (load.state === "error") return <ErrorPanel error={load.error} retry={reload} />;
  const { view, result, runs, at } = load.data;
  const answered = result.completeness.questionnaires.reduce((n, q) => n + q.answered, 0);
  const top = result.recommendations.find((r) => r.reduction > 0);
  return (
    <>
      <PageHeading eyebrow="Results" title={view.name ?? "Unnamed ML system"} />
      <div className="action-row no-print">
        <a className="button button-secondary" href={hrefOf({ page: "owner", key: owner })}>
          ← Dashboard
        </a>
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" className="button button-quiet" onClick={reload}>
          Refresh
        </button>
        <span className="muted small" aria-live="polite">
          Updated {at.toLocaleTimeString()} · {plural(answered, "answer")} so far
        </span>
      </div>

      <section aria-labelledby="summary-title" className="panel summary">
        <div className="finding-head">
          <h2 id="summary-title">In short</h2>
          <span className="overall">
            Overall risk <RatingBadge rating={result.overall.rating} />
          </span>
        </div>
        <p className="summary-text">{result.overall.summary}</p>
        <ul className="plain-list summary-points">
          {top ? (
            <li>
              <strong>Do first:</strong> {top.name.toLowerCase()} — of all mitigations it removes the most
              remaining risk (see “What to do first”).
            </li>
          ) : null}
          <li>
            <strong>Knowledge gaps:</strong>{" "}
            {result.gaps.length === 0
              ? "none — every answer given is definite."
              : `${plural(result.gaps.length, "“don't know” answer")} to find out; until then the score assumes the cautious case.`}
          </li>
          {result.contradictions.length > 0 ? (
            <li>
              <strong>Contradictions:</strong> {plural(result.contradictions.length, "pair")} of answers
              disagree; resolve them with the respondents.
            </li>
          ) : null}
        </ul>
        <p>
          <strong>Risk management maturity:</strong>{" "}
          {result.maturity.level === null
            ? result.maturity.label
            : `level ${result.maturity.level} of 5 — ${result.maturity.label}`}
        </p>
      </section>

      <section aria-labelledby="complete-title" className="results-block">
        <h2 id="complete-title">How complete is the picture?</h2>
        <Completeness result={result} />
      </section>

      <div className="chart-grid chart-grid-wide">
        <section aria-labelledby="matrix-title" className="results-block">
          <h2 id="matrix-title">Risk matrix</h2>
          <p className="muted">Where each attack class lands after the mitigations in place.</p>
          <RiskMatrix result={result} />
        </section>
        <section aria-labelledby="radar-title" className="results-block">
          <h2 id="radar-title">Risk per attack class</h2>
          <p className="muted">Likelihood × impact on a 0–5 scale, before and after mitigations.</p>
          <ClassRadar result={result} />
        </section>
      </div>

      <section aria-labelledby="heat-title" className="results-block">
        <h2 id="heat-title">Where along the lifecycle</h2>
        <p className="muted">
          How much each lifecycle stage, as described in the attack-surface answers, exposes the system to
          each attack class.
        </p>
        <StageHeatmap result={result} narrow={narrow} />
      </section>

      <section aria-labelledby="findings-title" className="results-block">
        <h2 id="findings-title">Findings</h2>
        <Findings result={result} />
      </section>

      <section aria-labelledby="mitigations-title" className="results-block">
        <h2 id="mitigations-title">What to do first</h2>
        <p className="muted">
          Mitigations ranked by how much residual risk each would remove, with what it costs.
        </p>
        <Recommendations result={result} />
      </section>

      <div className="chart-grid">
        <section aria-labelledby="gaps-title" className="results-block">
          <h2 id="gaps-title">Knowledge gaps</h2>
          <p className="muted">“Don't know” answers. Finding these out is the cheapest next step.</p>
          <Gaps result={result} />
        </section>
        <section aria-labelledby="contra-title" className="results-block">
          <h2 id="contra-title">Contradictions</h2>
          <p className="muted">Answers from different respondents that cannot both be true.</p>
          <Contradictions result={result} />
        </section>
      </div>

      <section aria-labelledby="lab-title" className="results-block">
        <h2 id="lab-title">Lab evidence</h2>
        <LabEvidence owner={owner} result={result} runs={runs} />
      </section>

      <p className="no-print">
        <a href={hrefOf({ page: "trends", key: owner })}>How does this system compare with others?</a>
      </p>
    </>
  );
}
