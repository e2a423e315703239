// Questionnaire endpoints for respondents (and the owner): read answers, autosave one answer,
// mark a questionnaire finished or reopen it.
import { getCatalog, visibleQuestions } from "../../catalog/index.js";
import type { Store } from "../../store/index.js";
import { defineRoute, type Route } from "../route.js";
import {
  AnswerParams,
  QuestionnaireAnswers,
  QuestionnaireParams,
  QuestionnaireState,
  SaveAnswerBody,
  StoredAnswer,
} from "../schemas.js";

export function answerRoutes(store: Store): Route[] {
  const finish = (finished: boolean) =>
    defineRoute({
      method: "POST",
      url: `/api/assessments/:id/questionnaires/:questionnaire/${finished ? "finish" : "reopen"}`,
      summary: finished
        ? "Mark a questionnaire finished (pools it when the owner consented)"
        : "Reopen a finished questionnaire so its answers can change",
      tag: "answers",
      auth: true,
      params: QuestionnaireParams,
      response: { status: 200, schema: QuestionnaireState, description: "The questionnaire's state" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) => {
        const p = await store.authorize(token(), params.id, params.questionnaire);
        return store.finish(p, params.questionnaire, finished);
      },
    });
  return [
    defineRoute({
      method: "GET",
      url: "/api/assessments/:id/questionnaires/:questionnaire",
      summary: "One questionnaire's answers with revisions, and which questions are shown (resume)",
      tag: "answers",
      auth: true,
      params: QuestionnaireParams,
      response: { status: 200, schema: QuestionnaireAnswers, description: "Answers and state" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) => {
        const p = await store.authorize(token(), params.id, params.questionnaire);
        const [record, all] = await Promise.all([store.get(p), store.answers(p)]);
        const state = record.questionnaires.find((q) => q.questionnaire === params.questionnaire);
        const answered = Object.fromEntries(
          all.filter((a) => a.value !== null).map((a) => [a.questionId, a.value]),
        );
        const catalog = getCatalog(p.catalogVersion);
        const prefix = `${params.questionnaire}.`;
        return {
          questionnaire: params.questionnaire,
          finished: state?.finished ?? false,
          pooled: state?.pooled ?? false,
          visible: catalog
            ? visibleQuestions(catalog, answered as Record<string, string | string[]>)
                .map((q) => q.id)
                .filter((id) => id.startsWith(prefix))
            : [],
          answers: all.filter((a) => a.questionId.startsWith(prefix)),
        };
      },
    }),
    defineRoute({
      method: "PUT",
      url: "/api/assessments/:id/answers/:questionId",
      summary: "Autosave one answer (value null clears it) with the revision the client saw",
      description:
        "Idempotent: repeating a write that already happened returns the stored answer. A write based on a " +
        "stale revision gets 409 with the current answer in `current`; nothing is overwritten.",
      tag: "answers",
      auth: true,
      params: AnswerParams,
      body: SaveAnswerBody,
      response: { status: 200, schema: StoredAnswer, description: "The stored answer and its new revision" },
      errors: [400, 401, 404, 409],
      handler: async ({ params, body, token }) => {
        const questionnaire = params.questionId.split(".")[0] as "risk" | "surface" | "security";
        const p = await store.authorize(token(), params.id, questionnaire);
        return store.save(p, params.questionId, body.value, body.baseRevision);
      },
    }),
    finish(true),
    finish(false),
  ];
}
