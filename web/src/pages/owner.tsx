// The owner's dashboard: share links (copy, replace, withdraw) and who should answer each, the
// state of each questionnaire, consent to pool answers in global trends, results and reports,
// import / export of the answers, and deletion.
import { useState } from "react";
import type { Questionnaire } from "../../../src/contracts/catalog.js";
import type { RiskPicture } from "../../../src/contracts/result.js";
import { ApiProblem, type AssessmentView, api } from "../api.js";
import { CopyField } from "../components/copy-button.js";
import { PageHeading } from "../components/page.js";
import { ErrorPanel, Loading } from "../components/status.js";
import { dateOf, plural } from "../format.js";
import { QUESTIONNAIRE_ASKS, QUESTIONNAIRE_INFO, QUESTIONNAIRES } from "../labels.js";
import { forgetLinks, rememberedLinks, rememberLinks } from "../link-store.js";
import { absoluteLink, hrefOf, type Key } from "../router.js";
import { useLoad } from "../use-load.js";
import { DangerZone, DataPanel, ReportsPanel } from "./owner-panels.js";

/** What the dashboard shows about one questionnaire. */
interface QuestionnaireCard {
  questionnaire: Questionnaire;
  finished: boolean;
  answered: number;
  dontKnow: number;
  shown: number;
  linkActive: boolean;
  /** The link's token when this browser was shown it, else null. */
  token: string | null;
}

/** Loads an assessment for its owner; a respondent token in an owner URL is not-found too. */
export async function loadOwned(key: Key): Promise<AssessmentView> {
  const view = await api.assessment(key);
  if (view.role !== "owner") throw new ApiProblem(404, "not found");
  return view;
}

async function loadDashboard(key: Key) {
  const view = await loadOwned(key);
  const [tokens, result] = await Promise.all([api.tokens(key), api.result(key)]);
  return { view, cards: cardsOf(key.id, view, tokens.tokens, result) };
}

function cardsOf(
  id: string,
  view: AssessmentView,
  tokens: Array<{ role: string; active: boolean }>,
  result: RiskPicture,
): QuestionnaireCard[] {
  const remembered = rememberedLinks(id);
  return QUESTIONNAIRES.map((q) => {
    const state = view.questionnaires.find((s) => s.questionnaire === q);
    const counts = result.completeness.questionnaires.find((c) => c.questionnaire === q);
    const linkActive = tokens.find((t) => t.role === q)?.active ?? false;
    return {
      questionnaire: q,
      finished: state?.finished ?? false,
      answered: counts?.answered ?? state?.answered ?? 0,
      dontKnow: counts?.dontKnow ?? 0,
      shown: counts?.shown ?? 0,
      linkActive,
      token: linkActive ? (remembered[q] ?? null) : null,
    };
  });
}

/** Dashboard reached with the owner link. */
export function OwnerPage({ owner }: { owner: Key }) {
  const [load, reload] = useLoad(() => loadDashboard(owner), `${owner.id}/${owner.token}`);
  const [deleted, setDeleted] = useState(false);
  if (deleted) return <Deleted />;
  if (load.state === "loading") return <Loading what="the assessment" />;
  if (load.state === "error") return <ErrorPanel error={load.error} retry={reload} />;
  const { view, cards } = load.data;
  return (
    <>
      <PageHeading
        eyebrow="Owner dashboard"
        title={view.name ?? "Unnamed ML system"}
        lead={`Created ${dateOf(view.createdOn)} · question catalog ${view.catalogVersion}. Keep this page's address private: it is the key to the assessment.`}
      />
      <div className="action-row">
        <a className="button button-primary" href={hrefOf({ page: "results", key: owner })}>
          See the results
        </a>
        <a className="button button-secondary" href={hrefOf({ page: "trends", key: owner })}>
          Compare with other systems
        </a>
      </div>
      <section aria-labelledby="links-title" className="owner-block">
        <h2 id="links-title">Questionnaires and their links</h2>
        <p>
          Send each link to the person who knows the answers. A link opens only its own questionnaire;
          respondents need no account and are never asked who they are. Anyone holding a link can answer, so
          send it privately.
        </p>
        <ul className="link-cards">
          {cards.map((card) => (
            <LinkCard key={card.questionnaire} owner={owner} card={card} onChange={reload} />
          ))}
        </ul>
      </section>
      <ConsentPanel owner={owner} consent={view.consent} onChange={reload} />
      <ReportsPanel owner={owner} name={view.name} />
      <DataPanel owner={owner} name={view.name} onImported={reload} />
      <DangerZone
        owner={owner}
        onDeleted={() => {
          forgetLinks(owner.id);
          setDeleted(true);
        }}
      />
    </>
  );
}

function stateWord(q: QuestionnaireCard): { text: string; className: string } {
  if (q.finished) return { text: "Finished", className: "pill pill-done" };
  if (q.answered === 0) return { text: "Not started", className: "pill" };
  return { text: "In progress", className: "pill pill-busy" };
}

function LinkCard({
  owner,
  card: state,
  onChange,
}: {
  owner: Key;
  card: QuestionnaireCard;
  onChange: () => void;
}) {
  const q: Questionnaire = state.questionnaire;
  const info = QUESTIONNAIRE_INFO[q];
  const [busy, setBusy] = useState<"rotate" | "revoke" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const token = state.token;
  const word = stateWord(state);

  const act = async (what: "rotate" | "revoke") => {
    setBusy(what);
    setError(null);
    try {
      if (what === "rotate") rememberLinks(owner.id, { [q]: (await api.rotate(owner, q)).token });
      else {
        await api.revoke(owner, q);
        forgetLinks(owner.id, q);
      }
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <li className="card link-card">
      <div>
        <div className="link-card-head">
          <h3>{info.title}</h3>
          <span className={word.className}>{word.text}</span>
        </div>
        <p>
          <strong>Who should answer:</strong> {info.audience}.
        </p>
        <p className="muted">It asks about {QUESTIONNAIRE_ASKS[q]}.</p>
        <progress
          max={Math.max(1, state.shown)}
          value={state.answered}
          aria-label={`${info.title}: questions answered`}
        />
        <p className="small">
          {state.answered} of {plural(state.shown, "question")} answered
          {state.dontKnow > 0 ? ` · ${state.dontKnow} “don't know”` : ""}
        </p>
      </div>
      <div>
        {state.linkActive && token ? (
          <CopyField
            label={`Link for the “${info.title}” questionnaire`}
            value={absoluteLink({ page: "respond", key: { id: owner.id, token }, section: null })}
          />
        ) : state.linkActive ? (
          <p className="notice">
            The link is active, but it was handed out in another browser and mlsa keeps only its fingerprint,
            so it cannot be shown here. Replace it to get a new link to send.
          </p>
        ) : (
          <p className="notice">This link is withdrawn: nobody can answer. Create a new one to continue.</p>
        )}
        <div className="action-row">
          <button
            type="button"
            className="button button-secondary"
            disabled={busy !== null}
            onClick={() => act("rotate")}
          >
            {busy === "rotate" ? "Replacing…" : state.linkActive ? "Replace link" : "Create a new link"}
          </button>
          {state.linkActive ? (
            <button
              type="button"
              className="button button-quiet"
              disabled={busy !== null}
              onClick={() => act("revoke")}
            >
              {busy === "revoke" ? "Withdrawing…" : "Withdraw link"}
            </button>
          ) : null}
        </div>
        <p className="field-hint">
          Replacing or withdrawing stops the old link at once; answers already given stay.
        </p>
        {error ? <ErrorPanel error={error} /> : null}
      </div>
    </li>
  );
}

function ConsentPanel({ owner, consent, onChange }: { owner: Key; consent: boolean; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pooled, setPooled] = useState<Questionnaire[] | null>(null);
  // Shown at once; put back if the server refuses.
  const [checked, setChecked] = useState(consent);
  const toggle = async (value: boolean) => {
    setChecked(value);
    setBusy(true);
    setError(null);
    try {
      setPooled((await api.consent(owner, value)).pooled);
      onChange();
    } catch (e) {
      setChecked(!value);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="consent-title" className="owner-block">
      <h2 id="consent-title">Global trends</h2>
      <p>
        With your consent, the answers of finished questionnaires join an anonymous pool that shows everyone
        how ML systems are exposed and defended. Pooled answers carry the catalog version, the question, the
        answer and the month — nothing that leads back to this assessment, and no figure is shown for fewer
        than five systems. Answers already pooled stay in the pool if you withdraw consent later, because
        nothing links them to this assessment any more.
      </p>
      <label className="checkbox-line">
        <input
          type="checkbox"
          checked={checked}
          disabled={busy}
          onChange={(e) => toggle(e.currentTarget.checked)}
        />
        <span>Pool this assessment's finished answers anonymously in the global trends</span>
      </label>
      <p className="field-hint" aria-live="polite">
        {busy
          ? "Saving…"
          : checked
            ? `Consent given.${pooled && pooled.length > 0 ? ` Pooled now: ${pooled.map((q) => QUESTIONNAIRE_INFO[q].title).join(", ")}.` : " Questionnaires join the pool when they are finished."}`
            : "Not pooled."}
      </p>
      {error ? <ErrorPanel error={error} /> : null}
    </section>
  );
}

function Deleted() {
  return (
    <>
      <PageHeading title="Assessment deleted" />
      <p>The assessment, its answers and all of its links are erased. The links no longer open anything.</p>
      <p>
        <a href="#/">Back to the start page</a>
      </p>
    </>
  );
}
