// One question of a questionnaire: the choices (radio buttons or checkboxes), "Don't know" where
// allowed, the "Why does this matter?" hint, what the chosen answer means, and its save state.
import type { AnswerValue } from "../../../src/contracts/answers.js";
import type { Question } from "../../../src/contracts/catalog.js";
import type { SaveState } from "../autosave.js";
import { DONT_KNOW, describeAnswer, selectedIds } from "../conditions.js";
import { AtlasLinks } from "./atlas.js";
import { Disclosure } from "./disclosure.js";

export interface QuestionProps {
  question: Question;
  number: number;
  value: AnswerValue | undefined;
  state: SaveState | undefined;
  disabled: boolean;
  onChange: (value: AnswerValue | null) => void;
  onRetry: () => void;
  onTakeTheirs: (theirs: AnswerValue | null) => void;
}

/** A question as a fieldset; the whole thing works with Tab, arrow keys and Space. */
export function QuestionField(props: QuestionProps) {
  const { question, number, value, disabled } = props;
  const multiple = question.type === "multiple";
  const picked = new Set(selectedIds(value));
  const dontKnow = value === DONT_KNOW;
  const base = question.id.replaceAll(".", "-");
  const notes = question.options.filter((o) => picked.has(o.id) && o.note);
  const inline = question.type === "yesno" || question.type === "scale";

  const toggle = (id: string, on: boolean) => {
    if (!multiple) return props.onChange(id);
    const next = question.options.map((o) => o.id).filter((o) => (o === id ? on : picked.has(o)));
    props.onChange(next.length > 0 ? next : null);
  };

  return (
    <fieldset className="question" id={`q-${base}`} aria-describedby={`${base}-save`}>
      <legend>
        <span className="q-number">Question {number}</span>
        <span className="q-text">{question.text}</span>
      </legend>
      <Disclosure label="Why does this matter?" className="why">
        <p>{question.hint}</p>
        <AtlasLinks ids={question.atlas} label="Attack techniques in MITRE ATLAS" />
      </Disclosure>
      {multiple && !/all that apply/i.test(question.text) ? (
        <p className="field-hint">Choose all that apply.</p>
      ) : null}
      <div className={inline ? "choices choices-inline" : "choices"}>
        {question.options.map((o) => (
          <label key={o.id} className="choice">
            <input
              type={multiple ? "checkbox" : "radio"}
              name={question.id}
              value={o.id}
              checked={picked.has(o.id)}
              disabled={disabled}
              onChange={(e) => toggle(o.id, e.currentTarget.checked)}
            />
            <span>{o.label}</span>
          </label>
        ))}
        {question.dontKnow ? (
          <label className="choice choice-dont-know">
            <input
              type={multiple ? "checkbox" : "radio"}
              name={question.id}
              value={DONT_KNOW}
              checked={dontKnow}
              disabled={disabled}
              onChange={(e) => props.onChange(e.currentTarget.checked ? DONT_KNOW : null)}
            />
            <span>Don't know</span>
          </label>
        ) : null}
      </div>
      {notes.length > 0 ? (
        <div className="answer-note">
          <p className="hint-title">About this answer</p>
          {notes.map((o) => (
            <p key={o.id}>{o.note}</p>
          ))}
        </div>
      ) : null}
      {dontKnow ? (
        <p className="answer-note">
          Fine — an honest "don't know" is listed as a knowledge gap to close first, and the score assumes the
          cautious case until it is answered.
        </p>
      ) : null}
      <div className="question-foot">
        <SaveLine {...props} base={base} />
        {value !== undefined && !disabled ? (
          <button type="button" className="link-button" onClick={() => props.onChange(null)}>
            Clear answer<span className="visually-hidden"> to question {number}</span>
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}

function SaveLine({
  state,
  number,
  question,
  onRetry,
  onTakeTheirs,
  base,
}: QuestionProps & { base: string }) {
  const kind = state?.kind;
  return (
    <div id={`${base}-save`} className={`save-state save-${kind ?? "idle"}`} role="status">
      {kind === "saving" ? "Saving…" : null}
      {kind === "saved" ? "Saved" : null}
      {state?.kind === "failed" ? (
        <>
          <span>Not saved ({state.message}) — </span>
          <button type="button" className="link-button" onClick={onRetry}>
            retry<span className="visually-hidden"> saving question {number}</span>
          </button>
        </>
      ) : null}
      {state?.kind === "conflict" ? (
        <>
          <span>
            Not saved: this answer was changed in another window to “
            {describeAnswer(question, state.theirs ?? undefined)}”.{" "}
          </span>
          <button type="button" className="link-button" onClick={onRetry}>
            Keep mine
          </button>{" "}
          <button type="button" className="link-button" onClick={() => onTakeTheirs(state.theirs)}>
            Use the other answer
          </button>
        </>
      ) : null}
    </div>
  );
}
