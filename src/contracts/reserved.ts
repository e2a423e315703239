// Reserved answer ids, in a module without zod so that the web app can import them without bundling
// the schemas.

/** "Don't know": a respondent's honest answer where the question allows it; never a real option id. */
export const DONT_KNOW = "dont_know";
/** In the trends: systems that pooled a questionnaire but did not answer a question of it (an
 * earlier answer hid the question, or it was skipped); never a real option id. */
export const NO_ANSWER = "no_answer";
