// Autosave for one respondent: every change is saved at once with the revision of that answer the
// page last saw. Saves of one question run one after another (the latest value wins); different
// questions save in parallel. A stale write (409 with the stored answer) is never dropped silently:
// when only the revision moved, the save is retried; when the answer itself was changed elsewhere,
// the respondent chooses which one to keep.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Answers, AnswerValue } from "../../src/contracts/answers.js";
import { ApiProblem, api, type StoredAnswer } from "./api.js";
import type { Key } from "./router.js";

export type SaveState =
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "failed"; message: string }
  | { kind: "conflict"; theirs: AnswerValue | null };

const same = (a: AnswerValue | null | undefined, b: AnswerValue | null | undefined) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function withValue(answers: Answers, question: string, value: AnswerValue | null): Answers {
  const next: Record<string, AnswerValue> = { ...answers };
  if (value === null) delete next[question];
  else next[question] = value;
  return next;
}

/** Local answers, per-question save state and the actions that change them. */
export function useAutosave(key: Key, initial: readonly StoredAnswer[]) {
  const [answers, setAnswersState] = useState<Answers>(() =>
    Object.fromEntries(
      initial.filter((a) => a.value !== null).map((a) => [a.questionId, a.value as AnswerValue]),
    ),
  );
  const [states, setStates] = useState<Record<string, SaveState>>({});
  /** The answers as shown on the page, readable inside async callbacks. */
  const local = useRef<Answers>(answers);
  /** Per question: the revision and value the server last confirmed. */
  const server = useRef(
    new Map(initial.map((a) => [a.questionId, { revision: a.revision, value: a.value }])),
  );
  /** Per question: the value waiting to be sent, and whether a request is in flight. */
  const pending = useRef(new Map<string, AnswerValue | null>());
  const flying = useRef(new Set<string>());

  const show = useCallback((next: Answers) => {
    local.current = next;
    setAnswersState(next);
  }, []);
  const mark = useCallback((question: string, state: SaveState) => {
    setStates((s) => ({ ...s, [question]: state }));
  }, []);

  const run = useCallback(
    async (question: string) => {
      flying.current.add(question);
      try {
        while (pending.current.has(question)) {
          const value = pending.current.get(question) ?? null;
          pending.current.delete(question);
          const known = server.current.get(question);
          try {
            const saved = await api.save(key, question, value, known?.revision ?? 0);
            server.current.set(question, { revision: saved.revision, value: saved.value });
            if (!pending.current.has(question)) mark(question, { kind: "saved" });
          } catch (error) {
            const current =
              error instanceof ApiProblem && error.status === 409 ? error.body?.current : undefined;
            if (current) {
              server.current.set(question, { revision: current.revision, value: current.value });
              if (pending.current.has(question)) continue;
              if (same(current.value, value)) mark(question, { kind: "saved" });
              else if (same(current.value, known?.value)) pending.current.set(question, value);
              else mark(question, { kind: "conflict", theirs: current.value });
            } else if (!pending.current.has(question)) {
              const message =
                error instanceof ApiProblem && error.status !== 0
                  ? error.message
                  : "no connection to the server";
              mark(question, { kind: "failed", message });
            }
          }
        }
      } finally {
        flying.current.delete(question);
      }
    },
    [key, mark],
  );

  /** Sets (or clears, with null) one answer and saves it. */
  const setAnswer = useCallback(
    (question: string, value: AnswerValue | null) => {
      show(withValue(local.current, question, value));
      pending.current.set(question, value);
      mark(question, { kind: "saving" });
      if (!flying.current.has(question)) void run(question);
    },
    [show, mark, run],
  );

  /** Saves the page's answer again (after a failure, or "keep mine" in a conflict). */
  const retry = useCallback(
    (question: string) => setAnswer(question, local.current[question] ?? null),
    [setAnswer],
  );

  /** Accepts the answer stored elsewhere in a conflict. */
  const takeTheirs = useCallback(
    (question: string, theirs: AnswerValue | null) => {
      show(withValue(local.current, question, theirs));
      mark(question, { kind: "saved" });
    },
    [show, mark],
  );

  const unsaved = Object.values(states).filter((s) => s.kind !== "saved").length;

  // Warn before leaving while a save is in flight or failed, so no answer is lost unnoticed.
  useEffect(() => {
    if (unsaved === 0) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  return { answers, states, setAnswer, retry, takeTheirs, unsaved };
}

/** What useAutosave returns. */
export type Autosave = ReturnType<typeof useAutosave>;
