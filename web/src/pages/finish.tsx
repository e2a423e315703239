// The last step of a questionnaire: what is answered, what is still open, and finish / reopen.
import { useEffect, useRef, useState } from "react";
import type { Answers } from "../../../src/contracts/answers.js";
import type { Question, Questionnaire, Section } from "../../../src/contracts/catalog.js";
import { api } from "../api.js";
import { ErrorPanel } from "../components/status.js";
import { DONT_KNOW, isAnswered } from "../conditions.js";
import { plural } from "../format.js";
import type { Key } from "../router.js";

interface Props {
  respondent: Key;
  questionnaire: Questionnaire;
  finished: boolean;
  onFinished: (finished: boolean) => void;
  sections: Array<{ section: Section; questions: Question[]; answered: number }>;
  answers: Answers;
  unsaved: number;
  go: (section: string) => void;
  /** Whether the respondent navigated here (then the heading takes focus). */
  moved: boolean;
}

/** Review of the answers so far with the finish / reopen button. */
export function FinishPanel({
  respondent,
  questionnaire,
  finished,
  onFinished,
  sections,
  answers,
  unsaved,
  go,
  moved,
}: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (moved) heading.current?.focus();
  }, [moved]);
  const all = sections.flatMap((s) => s.questions);
  const answered = all.filter((q) => isAnswered(answers[q.id])).length;
  const dontKnow = all.filter((q) => answers[q.id] === DONT_KNOW).length;
  const open = sections
    .map((s) => ({ ...s, missing: s.questions.filter((q) => !isAnswered(answers[q.id])) }))
    .filter((s) => s.missing.length > 0);

  const setState = async (value: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const state = await api.finish(respondent, questionnaire, value);
      onFinished(state.finished);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="survey-section" aria-labelledby="review-title">
      <h2 id="review-title" ref={heading} tabIndex={-1}>
        {finished ? "Thank you — this questionnaire is finished" : "Review and finish"}
      </h2>
      <p>
        You answered {answered} of {plural(all.length, "question")}
        {dontKnow > 0 ? `, ${dontKnow} of them with “Don't know”` : ""}.{" "}
        {finished
          ? "The owner of the assessment now sees your part as done. Your answers stay saved; reopen the questionnaire if you want to change any of them."
          : "Your answers are already saved. Finishing tells the owner of the assessment that your part is done; you can reopen it later."}
      </p>
      {open.length > 0 && !finished ? (
        <div className="notice">
          <p>Still open — answer them or leave them; unanswered questions count as unknown:</p>
          <ul>
            {open.map((s) => (
              <li key={s.section.id}>
                <button type="button" className="link-button" onClick={() => go(s.section.id)}>
                  {s.section.title}
                </button>
                : {plural(s.missing.length, "question")} open
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {unsaved > 0 ? (
        <p className="notice notice-error" role="alert">
          {plural(unsaved, "answer")} not saved yet. Retry them on their section before you finish.
        </p>
      ) : null}
      <div className="section-nav">
        {finished ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => setState(false)}
          >
            {busy ? "Reopening…" : "Reopen to change answers"}
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary"
            disabled={busy || unsaved > 0}
            onClick={() => setState(true)}
          >
            {busy ? "Finishing…" : "Finish questionnaire"}
          </button>
        )}
      </div>
      {error ? <ErrorPanel error={error} /> : null}
    </section>
  );
}
