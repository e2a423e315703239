// The results page's lab evidence: answers verified by test, and every lab run of the assessment
// with its state, queries, metrics and (on request) its example inputs. Polls while runs are active.
import { useEffect, useId, useState } from "react";
import type { Example } from "../../../src/contracts/lab.js";
import type { RiskPicture } from "../../../src/contracts/result.js";
import { api, type LabRun } from "../api.js";
import { ErrorPanel, Loading } from "../components/status.js";
import { dateOf, plural } from "../format.js";
import type { Key } from "../router.js";

const ACTIVE = new Set(["queued", "running"]);
const POLL_MS = 3000;

const STATE_WORDS: Record<LabRun["state"], { text: string; className: string }> = {
  queued: { text: "Queued", className: "pill" },
  running: { text: "Running", className: "pill pill-busy" },
  succeeded: { text: "Finished", className: "pill pill-done" },
  failed: { text: "Failed", className: "pill pill-failed" },
  cancelled: { text: "Cancelled", className: "pill" },
};

/** Verified answers and lab runs; `runs` is null when the server has no lab. */
export function LabEvidence({
  owner,
  result,
  runs,
}: {
  owner: Key;
  result: RiskPicture;
  runs: LabRun[] | null;
}) {
  const [live, setLive] = useState(runs);
  useEffect(() => setLive(runs), [runs]);
  const active = (live ?? []).some((r) => ACTIVE.has(r.state));
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      api.labRuns(owner).then(setLive, () => undefined);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [active, owner]);

  if ((live ?? []).length === 0 && result.verified.length === 0) {
    return (
      <p>
        No lab runs yet. The attack lab checks key answers by attacking the model's prediction API — for
        example with <code>mlsa lab run</code> — and its runs appear here, marking the answers they confirm as
        verified by test.
      </p>
    );
  }
  return (
    <>
      {result.verified.length > 0 ? (
        <ul className="plain-list">
          {result.verified.map((v) => (
            <li key={v.question}>
              <span className="pill pill-done">Verified by test</span> {v.summary}
            </li>
          ))}
        </ul>
      ) : null}
      {live && live.length > 0 ? (
        <ul className="plain-list lab-runs">
          {live.map((r) => (
            <RunCard key={r.id} owner={owner} run={r} />
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** "medianL2" → "median L2", "hop-skip-jump" → "hop skip jump". */
function words(name: string): string {
  return name
    .replace(/[-_]/g, " ")
    .replace(/([a-z])([A-Z0-9])/g, "$1 $2")
    .toLowerCase();
}

/** A metric value: rates, accuracies and AUCs between 0 and 1 as percentages. */
function metricValue(name: string, value: number): string {
  if (/(rate|accuracy|agreement|fidelity|auc|tpr|fpr)/i.test(name) && value >= 0 && value <= 1) {
    return `${(value * 100).toFixed(1)} %`;
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

const IMAGE_ORDER = ["original", "adversarial", "difference"];
const imageRank = (name: string) =>
  (IMAGE_ORDER.indexOf(name) + IMAGE_ORDER.length + 1) % (IMAGE_ORDER.length + 1);

function RunCard({ owner, run }: { owner: Key; run: LabRun }) {
  const state = STATE_WORDS[run.state];
  const metrics = Object.entries(run.metrics).slice(0, 8);
  return (
    <li className="card">
      <div className="finding-head">
        <h3 className="capitalise">{words(run.attack)}</h3>
        <span className={state.className}>{state.text}</span>
      </div>
      <p className="muted small">
        {run.targetInfo?.description ?? "target not opened yet"} · {run.queriesUsed} of{" "}
        {plural(run.budget, "query", "queries")} · started {dateOf(run.createdAt)}
      </p>
      {ACTIVE.has(run.state) ? (
        <>
          <progress max={1} value={run.progress} aria-label={`${run.attack}: progress`} />
          <p className="small">{run.message}</p>
        </>
      ) : null}
      {run.summary ? <p>{run.summary}</p> : null}
      {run.error ? <p className="notice notice-error">{run.error}</p> : null}
      {metrics.length > 0 ? (
        <dl className="figures">
          {metrics.map(([name, value]) => (
            <div key={name}>
              <dt>{words(name)}</dt>
              <dd>{metricValue(name, value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {run.verified.length > 0 ? (
        <p className="small">
          <span className="pill pill-done">Verified by test</span> answers{" "}
          {run.verified.map((q, i) => (
            <span key={q}>
              {i > 0 ? ", " : ""}
              <span className="mono">{q}</span>
            </span>
          ))}
        </p>
      ) : null}
      {run.state === "succeeded" || run.state === "cancelled" ? (
        <RunExamples owner={owner} runId={run.id} />
      ) : null}
    </li>
  );
}

function RunExamples({ owner, runId }: { owner: Key; runId: string }) {
  const [open, setOpen] = useState(false);
  const [examples, setExamples] = useState<Example[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const toggle = () => {
    setOpen((o) => !o);
    if (!examples && !error) {
      api.labRun(owner, runId).then(
        (r) => setExamples(r.examples ?? []),
        (e: unknown) => setError(e),
      );
    }
  };
  return (
    <div className="disclosure">
      <button
        type="button"
        className="disclosure-button"
        aria-expanded={open}
        aria-controls={id}
        onClick={toggle}
      >
        <span className="disclosure-icon" aria-hidden="true" />
        Show the evidence
      </button>
      <div id={id} className="disclosure-body" hidden={!open}>
        {error ? <ErrorPanel error={error} /> : null}
        {!error && examples === null ? <Loading what="the evidence" /> : null}
        {examples?.length === 0 ? <p>This run kept no example inputs.</p> : null}
        {examples?.map((ex, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a run's examples never reorder
          <figure key={`${ex.label}-${i}`} className="lab-example">
            <figcaption>
              {ex.label}
              {ex.originalClass !== undefined && ex.adversarialClass !== undefined
                ? ` — class ${ex.originalClass} became ${ex.adversarialClass}`
                : ""}
              {ex.distance !== undefined ? `, distance ${ex.distance.toFixed(3)}` : ""}
            </figcaption>
            <div className="lab-images">
              {Object.entries(ex.images ?? {})
                .sort(([a], [b]) => imageRank(a) - imageRank(b))
                .map(([name, src]) => (
                  <figure key={name}>
                    <img src={src} alt={`${ex.label}, ${words(name)}`} width={112} height={112} />
                    <figcaption>{words(name)}</figcaption>
                  </figure>
                ))}
            </div>
          </figure>
        ))}
      </div>
    </div>
  );
}
