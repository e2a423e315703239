// Catalog browser: every question of one questionnaire with its "why this matters" hint, its
// options and what each does to the risk picture, plus the mitigations. Read-only, no token.
import type { Catalog, Question, Questionnaire } from "../../../src/contracts/catalog.js";
import { api } from "../api.js";
import { AtlasLink, AtlasLinks } from "../components/atlas.js";
import { PageHeading } from "../components/page.js";
import { ErrorPanel, Loading } from "../components/status.js";
import { sectionsOf } from "../conditions.js";
import { effectLines } from "../effects.js";
import { percent } from "../format.js";
import { ATTACK_CLASS_NAMES, ATTACK_CLASSES, QUESTIONNAIRE_INFO, QUESTIONNAIRES } from "../labels.js";
import { hrefOf } from "../router.js";
import { useLoad } from "../use-load.js";

/** The catalog browser for one questionnaire (risk by default). */
export default function CatalogPage({ questionnaire }: { questionnaire: Questionnaire | null }) {
  const current = questionnaire ?? "risk";
  const [load, reload] = useLoad(() => api.catalog(), "catalog");
  return (
    <>
      <PageHeading
        title="The questions"
        lead="Every question mlsa asks, why it matters, and what each answer does to the risk picture. Read them before you send the links, or use them to prepare."
      />
      <nav aria-label="Questionnaires" className="tabs">
        <ul>
          {QUESTIONNAIRES.map((q) => (
            <li key={q}>
              <a
                href={hrefOf({ page: "catalog", questionnaire: q })}
                aria-current={q === current ? "page" : undefined}
              >
                {QUESTIONNAIRE_INFO[q].title}
              </a>
            </li>
          ))}
          <li>
            <button type="button" className="tab-button" onClick={() => jumpTo("mitigations")}>
              Mitigations
            </button>
          </li>
        </ul>
      </nav>
      {load.state === "loading" ? <Loading what="the questions" /> : null}
      {load.state === "error" ? <ErrorPanel error={load.error} retry={reload} /> : null}
      {load.state === "ok" ? <CatalogBody catalog={load.data} questionnaire={current} /> : null}
    </>
  );
}

// In-page jumps are buttons: an anchor to #id would change the hash route.
function jumpTo(id: string) {
  const el = document.getElementById(id);
  el?.scrollIntoView({ block: "start" });
  el?.focus({ preventScroll: true });
}

function CatalogBody({ catalog, questionnaire }: { catalog: Catalog; questionnaire: Questionnaire }) {
  const sections = sectionsOf(catalog, questionnaire);
  const count = sections.reduce((n, s) => n + s.questions.length, 0);
  const textOf = new Map(catalog.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
  return (
    <>
      <p className="muted">
        Catalog version {catalog.version}. {QUESTIONNAIRE_INFO[questionnaire].title}: {count} questions in{" "}
        {sections.length} sections, for {QUESTIONNAIRE_INFO[questionnaire].audience}.
      </p>
      <nav aria-label="Sections" className="toc">
        <ol>
          {sections.map((s) => (
            <li key={s.id}>
              <button type="button" className="link-button" onClick={() => jumpTo(`sec-${s.id}`)}>
                {s.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      {sections.map((s) => (
        <section key={s.id} className="catalog-section" aria-labelledby={`sec-${s.id}`}>
          <h2 id={`sec-${s.id}`} tabIndex={-1}>
            {s.title}
          </h2>
          <p>{s.intro}</p>
          {s.questions.map((q) => (
            <CatalogQuestion key={q.id} question={q} catalog={catalog} lookup={textOf} />
          ))}
        </section>
      ))}
      <section className="catalog-section" aria-labelledby="mitigations">
        <h2 id="mitigations" tabIndex={-1}>
          Mitigations
        </h2>
        <p>What closes the gaps the answers reveal, which attacks each one weakens, and what it costs.</p>
        <ul className="card-list">
          {catalog.mitigations.map((m) => (
            <li key={m.id} className="card">
              <h3>{m.name}</h3>
              <p>{m.description}</p>
              <p>
                <strong>Weakens: </strong>
                {ATTACK_CLASSES.filter((c) => m.reduces[c])
                  .map((c) => `${ATTACK_CLASS_NAMES[c].toLowerCase()} (up to ${percent(m.reduces[c] ?? 0)})`)
                  .join(", ")}
                .
              </p>
              <p>
                <strong>Trade-off: </strong>
                {m.tradeoff}
              </p>
              <p className="small">
                {m.atlas ? (
                  <AtlasLink id={m.atlas} />
                ) : (
                  (m.atlasNote ?? "MITRE ATLAS has no matching mitigation.")
                )}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function CatalogQuestion({
  question,
  catalog,
  lookup,
}: {
  question: Question;
  catalog: Catalog;
  lookup: Map<string, Question>;
}) {
  return (
    <article className="card catalog-question" aria-labelledby={`q-${question.id}`}>
      <h3 id={`q-${question.id}`}>{question.text}</h3>
      <p className="meta">
        <span className="mono">{question.id}</span> · {TYPE_WORDS[question.type]}
        {question.dontKnow ? " · “Don't know” allowed" : ""}
      </p>
      {question.showIf?.length ? (
        <p className="condition">
          Asked only when{" "}
          {question.showIf
            .map((c) => {
              const q = lookup.get(c.question);
              const labels = c.anyOf.map((id) => q?.options.find((o) => o.id === id)?.label ?? id);
              return `“${q?.text ?? c.question}” is answered ${labels.map((l) => `“${l}”`).join(" or ")}`;
            })
            .join(", and ")}
          .
        </p>
      ) : null}
      <div className="hint-box">
        <p className="hint-title">Why this matters</p>
        <p>{question.hint}</p>
      </div>
      <ul className="option-effects">
        {question.options.map((o) => (
          <li key={o.id}>
            <p className="option-label">{o.label}</p>
            {o.note ? <p className="option-note">{o.note}</p> : null}
            <ul className="effect-lines">
              {effectLines(catalog, o).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <AtlasLinks ids={question.atlas} />
    </article>
  );
}

const TYPE_WORDS = {
  single: "one answer",
  multiple: "any number of answers",
  yesno: "yes or no",
  scale: "a point on a scale",
} as const satisfies Record<Question["type"], string>;
