// Pairs of answers, usually from different respondents, that cannot both be true. Scoring flags
// them so the team can sort out which one reflects reality before trusting the result.
import type { Contradiction } from "../contracts/catalog.js";

/** Cross-questionnaire contradiction rules. */
export const CONTRADICTIONS: Contradiction[] = [
  {
    id: "rate_limit_vs_unlimited_api",
    a: { question: "security.mitigation.rate_limiting", anyOf: ["yes"] },
    b: { question: "surface.inference.query_limits", anyOf: ["none"] },
    message:
      "The security expert says queries are rate-limited, but the practitioner says the prediction API has no query limits. Extraction and inference risk depend on which is true.",
  },
  {
    id: "coarse_outputs_vs_probabilities",
    a: { question: "security.mitigation.coarse_outputs", anyOf: ["yes"] },
    b: { question: "surface.inference.output_granularity", anyOf: ["full_probabilities"] },
    message:
      "The security expert says outputs are coarsened, but the practitioner says full probability vectors are returned. Full probabilities make extraction and membership inference much easier.",
  },
  {
    id: "access_control_vs_anonymous_api",
    a: { question: "security.mitigation.access_control_models", anyOf: ["yes"] },
    b: { question: "surface.deployment.api_exposure", anyOf: ["public_anonymous"] },
    message:
      "The security expert says access to the model is controlled, but the practitioner says anyone can query the API anonymously.",
  },
  {
    id: "ml_threat_analysis_vs_no_testing",
    a: { question: "risk.process.threat_analysis", anyOf: ["ml_specific_regular"] },
    b: { question: "security.assessment.attacks_evaluated", anyOf: ["none"] },
    message:
      "Management reports regular ML-specific threat analysis, but the security expert says no adversarial attack has ever been evaluated against the system.",
  },
  {
    id: "sanitization_vs_direct_feedback",
    a: { question: "security.mitigation.data_sanitization", anyOf: ["yes"] },
    b: { question: "surface.data.user_feedback_labels", anyOf: ["direct"] },
    message:
      "The security expert says all training data is sanitised, but the practitioner says user feedback changes labels directly, without review. Check whether feedback bypasses the sanitisation step.",
  },
];
