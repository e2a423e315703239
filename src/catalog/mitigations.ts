// The mitigations mlsa recommends: what each does, which attack classes it weakens and by how much,
// its trade-off, and the matching MITRE ATLAS mitigation where one exists.
import type { Mitigation } from "../contracts/catalog.js";

/** All mitigations, in no particular order (scoring ranks them). */
export const MITIGATIONS: Mitigation[] = [
  {
    id: "m.rate_limiting",
    name: "Query rate limiting and quotas",
    description:
      "Cap how many predictions one client, key or address can request per time window, and alert on clients that approach the cap. Extraction, membership inference and decision-based evasion all need many queries.",
    reduces: { extraction: 0.5, membership: 0.35, inversion: 0.35, attribute: 0.3, evasion: 0.3 },
    tradeoff:
      "Honest heavy users and batch integrations hit the limit too; quotas need per-client tuning and a way to raise them.",
    atlas: "AML.M0004",
    notApplicableWhen: [{ question: "surface.deployment.api_exposure", anyOf: ["no_api"] }],
  },
  {
    id: "m.coarse_outputs",
    name: "Coarse outputs (label or top-1 only, rounded scores)",
    description:
      "Return only the decision, or the top class with a rounded confidence, instead of full probability vectors. Score-based attacks, equation-solving extraction and loss-based membership inference lose their signal.",
    reduces: { extraction: 0.45, membership: 0.4, inversion: 0.5, attribute: 0.35, evasion: 0.25 },
    tradeoff:
      "Downstream consumers lose calibrated confidences (ranking, thresholds, explanations); label-only attacks still work with more queries.",
    atlas: "AML.M0002",
    notApplicableWhen: [{ question: "surface.deployment.api_exposure", anyOf: ["no_api"] }],
  },
  {
    id: "m.access_control_prod",
    name: "Authenticated, least-privilege access to the model API",
    description:
      "Only known, authenticated clients may query the model, each with its own key and scope; anonymous public access is closed. Attackers must first obtain an account, and abuse can be traced to one.",
    reduces: { extraction: 0.4, evasion: 0.25, membership: 0.3, inversion: 0.3, attribute: 0.3 },
    tradeoff:
      "Sign-up friction for legitimate users and key-management work; does not stop a paying attacker.",
    atlas: "AML.M0019",
    notApplicableWhen: [{ question: "surface.deployment.api_exposure", anyOf: ["no_api"] }],
  },
  {
    id: "m.access_control_data",
    name: "Access control for training data and model artifacts at rest",
    description:
      "Restrict who can read or write training data, labels, feature stores, checkpoints and model registries, with audit logs. Stops insiders and compromised accounts from poisoning data or copying the model.",
    reduces: { poisoning: 0.35, extraction: 0.3, inversion: 0.1, membership: 0.1 },
    tradeoff: "Slower experimentation for data scientists; access reviews cost time.",
    atlas: "AML.M0005",
  },
  {
    id: "m.data_sanitization",
    name: "Training-data sanitisation and outlier removal",
    description:
      "Detect and remove suspicious samples and labels before training: label-consistency checks, outlier and duplicate detection, spectral-signature or activation-clustering checks for backdoors.",
    reduces: { poisoning: 0.5 },
    tradeoff:
      "Can drop rare but genuine samples (minority groups, new fraud patterns) and needs compute; adaptive poisons can pass the filters.",
    atlas: "AML.M0007",
  },
  {
    id: "m.data_provenance",
    name: "Dataset provenance and integrity tracking",
    description:
      "Record where every training record and label came from, hash datasets, and version them so a poisoned source can be traced and removed, and a model retrained without it.",
    reduces: { poisoning: 0.35 },
    tradeoff: "Storage and pipeline work; third-party data may arrive without provenance.",
    atlas: "AML.M0025",
  },
  {
    id: "m.label_review",
    name: "Independent review of labels and user feedback",
    description:
      "Labels from users, crowd workers or third parties are sampled and checked by trusted reviewers, and feedback only changes labels after agreement from several independent sources.",
    reduces: { poisoning: 0.4 },
    tradeoff: "Review costs people's time and delays retraining on fresh feedback.",
    atlas: null,
    atlasNote:
      "ATLAS has no mitigation for label review as such; Sanitize Training Data (AML.M0007) is the closest.",
  },
  {
    id: "m.adversarial_training",
    name: "Adversarial training and robust models",
    description:
      "Train on adversarial examples (e.g. PGD-based adversarial training) or use certified-robust methods so that small input perturbations no longer change the decision.",
    reduces: { evasion: 0.5 },
    tradeoff:
      "Lower clean accuracy (often several points), training several times slower, and robustness only within the threat model trained for.",
    atlas: "AML.M0003",
  },
  {
    id: "m.input_detection",
    name: "Abnormal-input detection",
    description:
      "Flag or reject inputs that are out of distribution, out of range or look adversarial (statistical detectors, feature squeezing, query-pattern detection of many near-duplicate queries).",
    reduces: { evasion: 0.3, extraction: 0.25, membership: 0.15, inversion: 0.15 },
    tradeoff: "False alarms on unusual but legitimate inputs; adaptive attackers can evade detectors.",
    atlas: "AML.M0015",
  },
  {
    id: "m.input_restoration",
    name: "Input validation and restoration",
    description:
      "Enforce the valid schema and range of every feature and preprocess inputs (clipping, quantisation, denoising) to strip small perturbations before the model sees them.",
    reduces: { evasion: 0.25 },
    tradeoff: "Preprocessing can cost accuracy, and it is not a defence against attacks that account for it.",
    atlas: "AML.M0010",
  },
  {
    id: "m.differential_privacy",
    name: "Differentially private training",
    description:
      "Train with differential privacy (e.g. DP-SGD with a stated epsilon) so that no single training record changes the model much, which bounds membership inference and limits memorisation.",
    reduces: { membership: 0.7, inversion: 0.5, attribute: 0.45 },
    tradeoff:
      "Accuracy drops, most for small classes and rare groups; meaningful epsilon values need large datasets and careful tuning.",
    atlas: null,
    atlasNote:
      "ATLAS has no mitigation for differential privacy; it is the standard defence in the literature.",
  },
  {
    id: "m.regularization",
    name: "Regularisation and early stopping against overfitting",
    description:
      "Keep the gap between training and test accuracy small (weight decay, dropout, early stopping, more data). Overfit models leak membership through their confidence.",
    reduces: { membership: 0.35, inversion: 0.2, attribute: 0.2 },
    tradeoff: "Tuning time, and a model that fits the training data less tightly can lose some accuracy.",
    atlas: null,
    atlasNote:
      "ATLAS has no mitigation for overfitting control; it is a good ML practice that reduces leakage.",
  },
  {
    id: "m.ensembles",
    name: "Ensembles and model diversity",
    description:
      "Combine several models trained differently, so that one adversarial example or one poisoned subset rarely fools all of them.",
    reduces: { evasion: 0.15, poisoning: 0.15 },
    tradeoff: "Several times the inference cost and latency.",
    atlas: "AML.M0006",
  },
  {
    id: "m.model_validation",
    name: "Validation before release, including backdoor and robustness checks",
    description:
      "Every new model version is compared against a trusted held-out set, checked for sudden behaviour changes on canary inputs, scanned for backdoors, and signed off before it serves traffic.",
    reduces: { poisoning: 0.35, evasion: 0.1 },
    tradeoff: "Slows releases; a held-out set must be kept secret and up to date.",
    atlas: "AML.M0008",
  },
  {
    id: "m.verify_artifacts",
    name: "Verify third-party models, libraries and datasets",
    description:
      "Pin and check hashes and signatures of pre-trained models, datasets and ML libraries; load models only in safe formats; scan artifacts before use.",
    reduces: { poisoning: 0.35 },
    tradeoff: "Less freedom to try the newest public models; needs an internal mirror or registry.",
    atlas: "AML.M0014",
  },
  {
    id: "m.limit_release",
    name: "Limit public information about the model",
    description:
      "Do not publish architecture, training data sources, feature lists or exact model versions; keep research write-ups free of details an attacker could use to build a proxy model.",
    reduces: { evasion: 0.15, extraction: 0.15, inversion: 0.1, attribute: 0.1 },
    tradeoff: "Less transparency for users, auditors and the research community.",
    atlas: "AML.M0000",
  },
  {
    id: "m.protect_model_artifact",
    name: "Keep the model server-side or protect shipped models",
    description:
      "Serve the model from a backend instead of shipping weights to clients; where it must run on a device, encrypt it, use a secure enclave, obfuscate it and ship a distilled, less valuable version.",
    reduces: { extraction: 0.6, evasion: 0.35, membership: 0.2, inversion: 0.25, attribute: 0.2 },
    tradeoff:
      "Server-side inference needs connectivity and adds latency and cost; on-device protection is imperfect.",
    atlas: "AML.M0001",
    atlasNote:
      "Also AML.M0017 (AI Model Distribution Methods) and AML.M0012 (Encrypt Sensitive Information).",
  },
  {
    id: "m.monitoring_fallback",
    name: "Performance monitoring with fallback plans",
    description:
      "Watch live accuracy, drift and prediction distribution, alert on sudden changes, and keep a fallback (previous model, rules or human review) ready when the model misbehaves.",
    reduces: { evasion: 0.15, poisoning: 0.25 },
    tradeoff:
      "Needs ground truth or proxies in production and an on-call owner; fallbacks may be less accurate.",
    atlas: "AML.M0024",
    atlasNote:
      "ATLAS calls the logging part AI Telemetry Logging (AML.M0024); fallback plans have no ATLAS id.",
  },
  {
    id: "m.human_review",
    name: "Human review of high-stakes decisions",
    description:
      "A person checks decisions above a risk threshold before they take effect, so a fooled model does not act alone.",
    reduces: { evasion: 0.2 },
    tradeoff: "Staff cost and slower decisions; reviewers can over-trust the model.",
    atlas: "AML.M0029",
    atlasNote:
      "ATLAS defines Human In-the-Loop (AML.M0029) for AI agent actions; we apply the same idea to model decisions.",
  },
  {
    id: "m.retraining_controls",
    name: "Controlled retraining (batches, quarantine, rollback)",
    description:
      "Retrain on reviewed batches rather than online, quarantine new data for a while, cap the influence of any one source, and keep the previous model to roll back to.",
    reduces: { poisoning: 0.4 },
    tradeoff: "The model adapts more slowly to genuine change.",
    atlas: null,
    atlasNote: "ATLAS has no mitigation for retraining controls; AML.M0007 and AML.M0025 are related.",
  },
  {
    id: "m.adversarial_testing",
    name: "Adversarial ML testing (red teaming)",
    description:
      "Run evasion, extraction, inference and poisoning attacks against the system before release and after major changes, and fix what they find. The mlsa attack lab does this.",
    reduces: {
      evasion: 0.15,
      poisoning: 0.1,
      extraction: 0.1,
      membership: 0.1,
      inversion: 0.1,
      attribute: 0.1,
    },
    tradeoff: "Needs skills and time; tests only cover the attacks that were tried.",
    atlas: "AML.M0016",
    atlasNote:
      "ATLAS names it Vulnerability Scanning (AML.M0016); adversarial evaluation itself has no separate id.",
  },
  {
    id: "m.security_training",
    name: "Adversarial ML awareness for the team",
    description:
      "Data scientists, engineers and reviewers learn how ML attacks work, so that design choices, code reviews and incident response take them into account.",
    reduces: { poisoning: 0.05, evasion: 0.05, extraction: 0.05 },
    tradeoff: "Training time; effect depends on follow-through.",
    atlas: "AML.M0018",
  },
  {
    id: "m.feature_minimization",
    name: "Data minimisation of sensitive features",
    description:
      "Do not train on sensitive attributes or identifiers the task does not need, and generalise the rest (age bands, coarse locations), so there is less to infer.",
    reduces: { attribute: 0.45, inversion: 0.35, membership: 0.1 },
    tradeoff: "Some accuracy may be lost, and fairness audits may need the removed attributes elsewhere.",
    atlas: null,
    atlasNote:
      "ATLAS has no mitigation for data minimisation; it is a privacy-by-design practice (GDPR Art. 5).",
  },
  {
    id: "m.encrypt_artifacts",
    name: "Encrypt models and sensitive data",
    description:
      "Encrypt model files, checkpoints and training data at rest and in transit, with managed keys.",
    reduces: { extraction: 0.15, inversion: 0.05, membership: 0.05 },
    tradeoff: "Key management and some performance cost.",
    atlas: "AML.M0012",
  },
];
