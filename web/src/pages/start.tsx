// Start page: what mlsa does, and "Assess an ML system", which creates an assessment and shows the
// owner link exactly once.
import { useState } from "react";
import { api, type Tokens } from "../api.js";
import { CopyField } from "../components/copy-button.js";
import { PageHeading } from "../components/page.js";
import { ErrorPanel } from "../components/status.js";
import { QUESTIONNAIRE_ASKS, QUESTIONNAIRE_INFO, QUESTIONNAIRES } from "../labels.js";
import { rememberLinks } from "../link-store.js";
import { absoluteLink, hrefOf, type Key } from "../router.js";

interface Created {
  id: string;
  tokens: Tokens;
}

/** The landing page. */
export function StartPage() {
  const [created, setCreated] = useState<Created | null>(null);
  if (created) return <OwnerLinkOnce created={created} />;
  return (
    <>
      <PageHeading
        eyebrow="ML security self-assessment"
        title="How exposed is your machine-learning system to attack?"
        lead={
          <>
            mlsa asks the three people who know an ML system best — a decision maker, an ML practitioner and a
            security expert — a short, teaching questionnaire each. It turns their answers into one
            explainable picture of the risk of model evasion, poisoning, model stealing and training-data
            inference, with the mitigations that would remove the most risk ranked first. Nobody signs up: you
            get secret links, answers save as you go, and nothing asks who you are.
          </>
        }
      />
      <div className="start-grid">
        <CreateForm onCreated={setCreated} />
        <section className="panel" aria-labelledby="who-title">
          <h2 id="who-title">Three questionnaires, three people</h2>
          <ol className="who-list">
            {QUESTIONNAIRES.map((q) => (
              <li key={q}>
                <strong>{QUESTIONNAIRE_INFO[q].title}</strong>
                <span className="muted"> — for {QUESTIONNAIRE_INFO[q].audience}.</span>
                <br />
                Asks about {QUESTIONNAIRE_ASKS[q]}.
              </li>
            ))}
          </ol>
          <p>
            <a href={hrefOf({ page: "catalog", questionnaire: null })}>Read every question first</a> or{" "}
            <a href={hrefOf({ page: "trends", key: null })}>see how other systems answered</a>.
          </p>
        </section>
      </div>
    </>
  );
}

function CreateForm({ onCreated }: { onCreated: (c: Created) => void }) {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const trimmed = name.trim();
      const { assessment, tokens } = await api.create(trimmed ? { name: trimmed } : {});
      rememberLinks(assessment.id, { risk: tokens.risk, surface: tokens.surface, security: tokens.security });
      onCreated({ id: assessment.id, tokens });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <section className="panel panel-accent" aria-labelledby="create-title">
      <h2 id="create-title">Assess an ML system</h2>
      <p>
        Creating an assessment gives you an owner link and one link per questionnaire to pass on. It takes
        about 20 minutes per questionnaire.
      </p>
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor="system-name">What do you call the system? (optional)</label>
          <p className="field-hint" id="system-name-hint">
            For example "fraud scoring API". Only people holding one of its links see it.
          </p>
          <input
            id="system-name"
            aria-describedby="system-name-hint"
            value={name}
            maxLength={200}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Creating…" : "Assess an ML system"}
        </button>
      </form>
      {error ? <ErrorPanel error={error} /> : null}
    </section>
  );
}

function OwnerLinkOnce({ created }: { created: Created }) {
  const key: Key = { id: created.id, token: created.tokens.owner };
  const owner = { page: "owner", key } as const;
  return (
    <>
      <PageHeading title="Your assessment is ready" eyebrow="Save this link now" />
      <section className="panel panel-warning" aria-labelledby="save-title">
        <h2 id="save-title">Save your owner link — it is shown only once</h2>
        <p>
          This link is the only key to the assessment. Whoever holds it can read every answer, replace or
          withdraw the questionnaire links and delete the assessment. mlsa keeps only a fingerprint of it and
          cannot show it again or recover it. Put it in your password manager or another safe place, and do
          not send it to the respondents: each of them gets a link of their own, on the dashboard.
        </p>
        <p className="muted small">
          The three questionnaire links are also remembered in this browser, so the dashboard can show them
          again here. Elsewhere it offers to replace them.
        </p>
        <CopyField label="Owner link" value={absoluteLink(owner)} />
        <p>
          <a className="button button-primary" href={hrefOf(owner)}>
            I have saved it — open the dashboard
          </a>
        </p>
      </section>
    </>
  );
}
