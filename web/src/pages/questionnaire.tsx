// The respondent's page: one questionnaire of one assessment, one section at a time, with progress,
// conditional questions, autosave, resume (the section is in the URL fragment) and finish/reopen.
import { useEffect, useMemo, useRef, useState } from "react";
import type { Catalog, Question, Section } from "../../../src/contracts/catalog.js";
import { ApiProblem, type AssessmentView, api, type QuestionnaireAnswers } from "../api.js";
import { type Autosave, useAutosave } from "../autosave.js";
import { PageHeading } from "../components/page.js";
import { QuestionField } from "../components/question.js";
import { ErrorPanel, Loading } from "../components/status.js";
import { isAnswered, sectionsOf, visibleQuestions } from "../conditions.js";
import { plural } from "../format.js";
import { QUESTIONNAIRE_INFO } from "../labels.js";
import { hrefOf, type Key, navigate } from "../router.js";
import { useLoad } from "../use-load.js";
import { FinishPanel } from "./finish.js";

/** Special section id of the review-and-finish step. */
export const REVIEW = "review";

/** Loads the respondent's questionnaire, its answers and the catalog version it was created with. */
async function loadSurvey(key: Key) {
  const view = await api.assessment(key);
  // An owner token in a respondent URL opens no single questionnaire: not found, like any bad link.
  if (view.role === "owner") throw new ApiProblem(404, "not found");
  const [state, catalog] = await Promise.all([
    api.questionnaire(key, view.role),
    api.catalog(view.catalogVersion),
  ]);
  return { view, state, catalog };
}

/** The questionnaire a respondent link opens. */
export function QuestionnairePage({ respondent, section }: { respondent: Key; section: string | null }) {
  const [load, reload] = useLoad(() => loadSurvey(respondent), `${respondent.id}/${respondent.token}`);
  if (load.state === "loading") return <Loading what="your questionnaire" />;
  if (load.state === "error") return <ErrorPanel error={load.error} retry={reload} />;
  const { view, state, catalog } = load.data;
  return <Survey respondent={respondent} view={view} initial={state} catalog={catalog} sectionId={section} />;
}

interface SectionView {
  section: Section;
  questions: Question[];
  answered: number;
}

function Survey({
  respondent,
  view,
  initial,
  catalog,
  sectionId,
}: {
  respondent: Key;
  view: AssessmentView;
  initial: QuestionnaireAnswers;
  catalog: Catalog;
  sectionId: string | null;
}) {
  const save = useAutosave(respondent, initial.answers);
  const [finished, setFinished] = useState(initial.finished);
  const questionnaire = initial.questionnaire;
  const info = QUESTIONNAIRE_INFO[questionnaire];

  const sections: SectionView[] = useMemo(() => {
    const shown = new Set(visibleQuestions(catalog, save.answers).map((q) => q.id));
    return sectionsOf(catalog, questionnaire)
      .map((section) => {
        const questions = section.questions.filter((q) => shown.has(q.id));
        const answered = questions.filter((q) => isAnswered(save.answers[q.id])).length;
        return { section, questions, answered };
      })
      .filter((s) => s.questions.length > 0);
  }, [catalog, questionnaire, save.answers]);

  const total = sections.reduce((n, s) => n + s.questions.length, 0);
  const answered = sections.reduce((n, s) => n + s.answered, 0);
  const firstOpen = sections.find((s) => s.answered < s.questions.length)?.section.id ?? REVIEW;
  // Without a section in the link, open the first one with open questions, and keep it (and put it
  // in the URL, so a reload returns here) even when answering completes it.
  const opened = useRef(sectionId ?? (finished ? REVIEW : firstOpen));
  const wanted = sectionId ?? opened.current;
  useEffect(() => {
    if (sectionId === null) navigate({ page: "respond", key: respondent, section: opened.current }, true);
  }, [sectionId, respondent]);
  const index = sections.findIndex((s) => s.section.id === wanted);
  const current = index >= 0 ? sections[index] : undefined;
  const showReview = wanted === REVIEW || !current;

  const go = (id: string) => navigate({ page: "respond", key: respondent, section: id });
  // On narrow screens the section list scrolls sideways: keep the current step in view.
  const stepper = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const list = stepper.current;
    const step = list?.querySelector<HTMLElement>('[aria-current="step"]');
    if (list && step) list.scrollLeft = Math.max(0, step.offsetLeft - list.offsetLeft - 24);
  });
  const hrefTo = (id: string) => hrefOf({ page: "respond", key: respondent, section: id });
  // Once the respondent has moved away from the section the page opened on, focus follows each
  // newly shown section; on the first one the page heading keeps it.
  const shownId = showReview ? REVIEW : (current?.section.id ?? REVIEW);
  const firstShown = useRef(shownId);
  const moved = useRef(false);
  if (shownId !== firstShown.current) moved.current = true;
  const numberOf = useMemo(() => {
    const map = new Map<string, number>();
    let n = 0;
    for (const s of sections) for (const q of s.questions) map.set(q.id, ++n);
    return map;
  }, [sections]);

  return (
    <>
      <PageHeading
        eyebrow={view.name ? `Assessment of “${view.name}”` : "Assessment of an ML system"}
        title={info.title}
        lead={`For ${info.audience}. Answer what you know; “Don't know” is a useful answer too. Every answer saves as soon as you give it, and you can leave and come back with the same link.`}
      />
      <Progress answered={answered} total={total} unsaved={save.unsaved} />
      <nav aria-label="Sections of this questionnaire" className="stepper">
        <ol ref={stepper}>
          {sections.map((s, i) => (
            <li key={s.section.id}>
              <a
                href={hrefTo(s.section.id)}
                aria-current={!showReview && i === index ? "step" : undefined}
                className={s.answered === s.questions.length ? "step step-done" : "step"}
              >
                <span className="step-title">{s.section.title}</span>
                <span className="step-count">
                  {s.answered}/{s.questions.length}
                </span>
              </a>
            </li>
          ))}
          <li>
            <a href={hrefTo(REVIEW)} aria-current={showReview ? "step" : undefined} className="step">
              <span className="step-title">Review and finish</span>
            </a>
          </li>
        </ol>
      </nav>
      {showReview ? (
        <FinishPanel
          respondent={respondent}
          questionnaire={questionnaire}
          finished={finished}
          onFinished={setFinished}
          sections={sections}
          answers={save.answers}
          unsaved={save.unsaved}
          go={go}
          moved={moved.current}
        />
      ) : current ? (
        <SectionForm
          key={current.section.id}
          view={current}
          position={`Section ${index + 1} of ${sections.length}`}
          numberOf={numberOf}
          save={save}
          finished={finished}
          prev={index > 0 ? sections[index - 1]?.section : undefined}
          next={sections[index + 1]?.section}
          go={go}
          moved={moved.current}
        />
      ) : null}
    </>
  );
}

function Progress({ answered, total, unsaved }: { answered: number; total: number; unsaved: number }) {
  const fraction = total === 0 ? 0 : answered / total;
  return (
    <div className="progress-bar-row">
      <div className="progress-text">
        <strong>
          {answered} of {plural(total, "question")} answered
        </strong>
        <span className={unsaved > 0 ? "save-summary save-summary-busy" : "save-summary"}>
          {unsaved > 0 ? `${plural(unsaved, "answer")} not saved yet` : "All answers saved"}
        </span>
      </div>
      <progress max={1} value={fraction} aria-label="Questions answered">
        {Math.round(fraction * 100)} %
      </progress>
    </div>
  );
}

function SectionForm({
  view,
  position,
  numberOf,
  save,
  finished,
  prev,
  next,
  go,
  moved,
}: {
  moved: boolean;
  view: SectionView;
  position: string;
  numberOf: Map<string, number>;
  save: Autosave;
  finished: boolean;
  prev: Section | undefined;
  next: Section | undefined;
  go: (id: string) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // On the first section shown the page heading has focus; after a move, the new section does.
    if (!moved) return;
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView({ block: "start" });
  }, [moved]);
  const { section, questions } = view;
  return (
    <section className="survey-section" aria-labelledby="section-title">
      <p className="eyebrow">{position}</p>
      <h2 id="section-title" ref={heading} tabIndex={-1}>
        {section.title}
      </h2>
      <p className="section-intro">{section.intro}</p>
      {finished ? (
        <p className="notice">
          This questionnaire is marked finished, so answers are read-only.{" "}
          <button type="button" className="link-button" onClick={() => go(REVIEW)}>
            Reopen it on the review page
          </button>{" "}
          to change them.
        </p>
      ) : null}
      <div className="questions">
        {questions.map((q) => (
          <QuestionField
            key={q.id}
            question={q}
            number={numberOf.get(q.id) ?? 0}
            value={save.answers[q.id]}
            state={save.states[q.id]}
            disabled={finished}
            onChange={(v) => save.setAnswer(q.id, v)}
            onRetry={() => save.retry(q.id)}
            onTakeTheirs={(theirs) => save.takeTheirs(q.id, theirs)}
          />
        ))}
      </div>
      <div className="section-nav">
        {prev ? (
          <button type="button" className="button button-secondary" onClick={() => go(prev.id)}>
            ← Previous: {prev.title}
          </button>
        ) : (
          <span />
        )}
        <button type="button" className="button button-primary" onClick={() => go(next ? next.id : REVIEW)}>
          {next ? `Next: ${next.title} →` : "Review and finish →"}
        </button>
      </div>
    </section>
  );
}
