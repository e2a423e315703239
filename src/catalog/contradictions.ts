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
  {
    id: "server_only_vs_shipped_model",
    a: { question: "security.mitigation.shipped_model", anyOf: ["server_only"] },
    b: { question: "surface.deployment.model_location", anyOf: ["client_app", "edge_device"] },
    message:
      "The security expert says the model only runs on servers, but the practitioner says it runs inside a client app or on an edge device, where its weights can be read.",
  },
  {
    id: "never_retrained_vs_automatic_retraining",
    a: { question: "security.mitigation.retraining_controls", anyOf: ["never_retrained"] },
    b: { question: "surface.training.retraining", anyOf: ["periodic_automatic", "online"] },
    message:
      "The security expert says the model is never retrained, but the practitioner says it is retrained automatically or online, which gives poisoned data a regular way in.",
  },
  {
    id: "verified_artifacts_vs_unverified_pretrained",
    a: { question: "security.mitigation.verify_artifacts", anyOf: ["yes"] },
    b: { question: "surface.training.pretrained_source", anyOf: ["unverified_public"] },
    message:
      "The security expert says third-party models are verified before use, but the practitioner says the pre-trained model comes from an unverified public source.",
  },
  {
    id: "data_access_control_vs_writable_storage",
    a: { question: "security.mitigation.access_control_data", anyOf: ["yes"] },
    b: { question: "surface.data.storage_integrity", anyOf: ["broadly_writable"] },
    message:
      "The security expert says access to training data is controlled, but the practitioner says many people or systems can write to the stored training data.",
  },
  {
    id: "soc_rules_vs_no_query_logging",
    a: { question: "security.operations.soc_detection", anyOf: ["ml_rules"] },
    b: { question: "surface.inference.query_logging", anyOf: ["nothing"] },
    message:
      "The security expert says security monitoring has rules for ML abuse, but the practitioner says prediction queries are not logged at all, so there is nothing for those rules to read.",
  },
];
