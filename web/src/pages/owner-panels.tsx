// Owner dashboard panels that move data in and out: reports, import / export, deletion.
import { useId, useState } from "react";
import { api, type ExportFormat, type ReportFormat } from "../api.js";
import { ErrorPanel } from "../components/status.js";
import { plural, saveBlob } from "../format.js";
import { hrefOf, type Key } from "../router.js";
import { useLoad } from "../use-load.js";

const slug = (name: string | null) =>
  (name ?? "assessment")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "assessment";

const REPORTS = [
  { format: "pdf", label: "PDF", ext: "pdf", note: "for reading and sharing" },
  { format: "html", label: "HTML", ext: "html", note: "one self-contained page, charts included" },
  { format: "md", label: "Markdown", ext: "md", note: "for a wiki or a pull request" },
  { format: "json", label: "JSON", ext: "json", note: "the full risk picture, for tools" },
  {
    format: "navigator",
    label: "ATLAS Navigator layer",
    ext: "layer.json",
    note: "exposed techniques, for the MITRE ATLAS Navigator",
  },
] as const satisfies ReadonlyArray<{ format: ReportFormat; label: string; ext: string; note: string }>;

/** Links to the results page and report downloads. */
export function ReportsPanel({ owner, name }: { owner: Key; name: string | null }) {
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [available] = useLoad(() => api.hasReports(), "reports");
  const download = async (format: ReportFormat, ext: string) => {
    setBusy(format);
    setError(null);
    try {
      saveBlob(await api.report(owner, format), `${slug(name)}-report.${ext}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="reports-title" className="owner-block">
      <h2 id="reports-title">Results and reports</h2>
      <p>
        The result combines whatever has been answered so far and updates as answers arrive.{" "}
        <a href={hrefOf({ page: "results", key: owner })}>Open the results page</a> (printable)
        {available.state === "ok" && available.data ? ", or download a report:" : "."}
      </p>
      {available.state === "ok" && !available.data ? (
        <p className="muted">This server does not offer report downloads; print the results page instead.</p>
      ) : null}
      {available.state === "ok" && available.data ? (
        <ul className="download-list">
          {REPORTS.map((r) => (
            <li key={r.format}>
              <button
                type="button"
                className="button button-secondary"
                disabled={busy !== null}
                onClick={() => download(r.format, r.ext)}
              >
                {busy === r.format ? "Preparing…" : `Download ${r.label}`}
              </button>
              <span className="muted"> {r.note}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? <ErrorPanel error={error} /> : null}
    </section>
  );
}

/** Export and import of the answers ("assessment as code"). */
export function DataPanel({
  owner,
  name,
  onImported,
}: {
  owner: Key;
  name: string | null;
  onImported: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const fileId = useId();
  const exportAs = async (format: ExportFormat) => {
    setError(null);
    try {
      const text = await api.exportAnswers(owner, format);
      const type = format === "json" ? "application/json" : "application/yaml";
      saveBlob(new Blob([text], { type }), `${slug(name)}-answers.${format === "json" ? "json" : "yaml"}`);
    } catch (e) {
      setError(e);
    }
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setMessage(null);
    try {
      const text = await file.text();
      const format: ExportFormat =
        /\.json$/i.test(file.name) || text.trimStart().startsWith("{") ? "json" : "yaml";
      const res = await api.importAnswers(owner, text, format);
      setMessage(`Imported ${plural(res.answers, "answer")} from ${file.name} (${res.changed} changed).`);
      onImported();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="data-title" className="owner-block">
      <h2 id="data-title">Answers as code</h2>
      <p>
        Export the answers in the same format as the command line uses, keep them in git next to the model,
        and re-score them in CI with <code>mlsa score answers.yaml --fail-on high</code>. Importing a file
        replaces the answers of this assessment with the file's.
      </p>
      <div className="action-row">
        <button type="button" className="button button-secondary" onClick={() => exportAs("yaml")}>
          Export YAML
        </button>
        <button type="button" className="button button-secondary" onClick={() => exportAs("json")}>
          Export JSON
        </button>
      </div>
      <div className="field">
        <label htmlFor={fileId}>Import answers from a JSON or YAML file</label>
        <input
          id={fileId}
          type="file"
          accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
          onChange={(e) => {
            void importFile(e.currentTarget.files?.[0]);
            e.currentTarget.value = "";
          }}
        />
      </div>
      <p aria-live="polite" className="field-hint">
        {message}
      </p>
      {error ? <ErrorPanel error={error} /> : null}
    </section>
  );
}

/** Deletion, with a confirmation step. */
export function DangerZone({ owner, onDeleted }: { owner: Key; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.remove(owner);
      onDeleted();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="delete-title" className="owner-block danger-zone">
      <h2 id="delete-title">Delete the assessment</h2>
      <p>
        Erases the assessment, every answer and every link. This cannot be undone; export the answers first if
        you may need them.
      </p>
      {confirming ? (
        <fieldset className="confirm">
          <legend>Delete this assessment and all of its answers for good?</legend>
          <div className="action-row">
            <button type="button" className="button button-danger" disabled={busy} onClick={remove}>
              {busy ? "Deleting…" : "Yes, delete it"}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </div>
        </fieldset>
      ) : (
        <button type="button" className="button button-danger-outline" onClick={() => setConfirming(true)}>
          Delete this assessment…
        </button>
      )}
      {error ? <ErrorPanel error={error} /> : null}
    </section>
  );
}
