// The text parts of the results page: findings with their explanations, ranked mitigations,
// knowledge gaps, contradictions, completeness and lab evidence.
import type { ClassResult, Explanation, RiskPicture } from "../../../src/contracts/result.js";
import { removesText, worstFirst } from "../../../src/scoring/present.js";
import { AtlasLink } from "../components/atlas.js";
import { Disclosure } from "../components/disclosure.js";
import { percent } from "../format.js";
import { ATTACK_CLASS_NAMES, QUESTIONNAIRE_INFO, RATING_WORDS } from "../labels.js";

/** A rating as a coloured badge with its word. */
export function RatingBadge({ rating }: { rating: keyof typeof RATING_WORDS }) {
  return <span className={`badge rating-bg-${rating}`}>{RATING_WORDS[rating]}</span>;
}

function Because({ title, items }: { title: string; items: Explanation[] }) {
  if (items.length === 0) return null;
  return (
    <div className="because">
      <h4>{title}</h4>
      <ul>
        {items.map((e) => (
          <li key={`${e.question}-${e.answer}-${e.text}`}>{e.text}</li>
        ))}
      </ul>
    </div>
  );
}

/** One finding per attack class, worst first (scoring/present.ts), with the answers behind each number. */
export function Findings({ result }: { result: RiskPicture }) {
  const sorted = worstFirst(result.classes);
  return (
    <ol className="findings">
      {sorted.map((c) => (
        <Finding key={c.attackClass} c={c} />
      ))}
    </ol>
  );
}

function Finding({ c }: { c: ClassResult }) {
  return (
    <li className="card finding" data-class={c.attackClass} data-rating={c.residual.rating}>
      <div className="finding-head">
        <h3>{c.name}</h3>
        <RatingBadge rating={c.residual.rating} />
      </div>
      <p>{c.summary}</p>
      <dl className="figures">
        <div>
          <dt>Likelihood</dt>
          <dd>
            {c.likelihood.level}/5{c.likelihood.known ? "" : " (assumed)"}
          </dd>
        </div>
        <div>
          <dt>Mitigated</dt>
          <dd>{c.coverage.known ? percent(c.coverage.value) : "unknown"}</dd>
        </div>
        <div>
          <dt>Likelihood left</dt>
          <dd>{c.residual.level}/5</dd>
        </div>
        <div>
          <dt>Impact</dt>
          <dd>
            {c.impact.level}/5{c.impact.known ? "" : " (assumed)"}
          </dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd>
            {c.residual.level}×{c.impact.level} = {c.residual.score}/25
          </dd>
        </div>
      </dl>
      {c.likelihood.because.length + c.impact.because.length + c.coverage.because.length > 0 ? (
        <Disclosure label="Which answers led here">
          <Because title="Likelihood" items={c.likelihood.because} />
          <Because title="Impact" items={c.impact.because} />
          <Because title="Mitigations in place" items={c.coverage.because} />
        </Disclosure>
      ) : null}
    </li>
  );
}

/** Mitigations ranked by the residual risk they would remove. */
export function Recommendations({ result }: { result: RiskPicture }) {
  const list = result.recommendations.filter((r) => r.reduction > 0);
  if (list.length === 0) return <p>No mitigation would lower the risk further on these answers.</p>;
  return (
    <ol className="recommendations">
      {list.map((r, i) => (
        <li key={r.mitigation} className="card recommendation">
          <div className="finding-head">
            <h3>
              <span className="rank">{i + 1}.</span> {r.name}
            </h3>
            <span className="pill">{removesText(r)}</span>
          </div>
          <p>{r.description}</p>
          <p>
            <strong>Against:</strong> {r.classes.map((c) => ATTACK_CLASS_NAMES[c].toLowerCase()).join(", ")}.{" "}
            {r.inPlace > 0 ? `Already partly in place (${percent(r.inPlace)}).` : "Not in place."}
          </p>
          <p className="tradeoff">
            <strong>Trade-off:</strong> {r.tradeoff}
          </p>
          {r.because.length > 0 ? (
            <Disclosure label="Why it is recommended">
              <ul>
                {r.because.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </Disclosure>
          ) : null}
          <p className="small">
            {r.atlas ? <AtlasLink id={r.atlas} /> : "MITRE ATLAS lists no matching mitigation."}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** "Don't know" answers, to close first. */
export function Gaps({ result }: { result: RiskPicture }) {
  if (result.gaps.length === 0) return <p>No “don't know” answers.</p>;
  return (
    <ul className="plain-list">
      {result.gaps.map((g) => (
        <li key={g.question}>
          <span className="pill">{QUESTIONNAIRE_INFO[g.questionnaire].title}</span> {g.text}
        </li>
      ))}
    </ul>
  );
}

/** Answers that cannot both be true. */
export function Contradictions({ result }: { result: RiskPicture }) {
  if (result.contradictions.length === 0) return <p>The respondents' answers agree with each other.</p>;
  return (
    <ul className="plain-list">
      {result.contradictions.map((c) => (
        <li key={c.id} className="notice">
          {c.message}
        </li>
      ))}
    </ul>
  );
}

/** How much of each questionnaire is answered, and what stays unknown. */
export function Completeness({ result }: { result: RiskPicture }) {
  return (
    <>
      <ul className="completeness">
        {result.completeness.questionnaires.map((q) => (
          <li key={q.questionnaire}>
            <div className="completeness-line">
              <span>{QUESTIONNAIRE_INFO[q.questionnaire].title}</span>
              <span>
                {q.answered} of {q.shown} answered{q.dontKnow > 0 ? `, ${q.dontKnow} don't know` : ""}
              </span>
            </div>
            <progress
              max={1}
              value={q.fraction}
              aria-label={`${QUESTIONNAIRE_INFO[q.questionnaire].title} answered`}
            >
              {percent(q.fraction)}
            </progress>
          </li>
        ))}
      </ul>
      {result.completeness.unknown.length > 0 ? (
        <ul className="plain-list unknown-list">
          {result.completeness.unknown.map((u) => (
            <li key={u} className="unknown-item">
              {u}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
