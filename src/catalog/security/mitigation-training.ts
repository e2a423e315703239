// Security questionnaire, section "mitigation", first part: defences on the data and training side
// (sanitisation, provenance, label review, artefact checks, retraining, validation, robust and
// private training, data minimisation, access to data at rest, encryption).
import type { Question } from "../../contracts/catalog.js";
import { inPlace, notApplicable } from "./options.js";

/** Mitigation questions about training data, the training process and stored artefacts, in order. */
export const trainingQuestions: Question[] = [
  {
    id: "security.mitigation.data_sanitization",
    section: "mitigation",
    type: "single",
    text: "Is training data screened for poisoned or anomalous samples before each training run?",
    hint: "Poisoning works because a model learns whatever its data shows: a few hundred mislabelled or trigger-stamped records can plant a backdoor. Screening for label inconsistencies, outliers, duplicates and backdoor signatures removes much of what an attacker slips in.",
    options: inPlace("m.data_sanitization", {
      yes: {
        label:
          "Yes, automated checks on every run: label consistency, outliers, duplicates and backdoor detectors (e.g. spectral signatures, activation clustering)",
        note: "Filters can drop rare but genuine cases; review what they remove.",
      },
      partial: {
        label:
          "Some checks (schema, ranges, duplicates) that are not aimed at deliberate poisoning, or not on every run",
      },
      no: { label: "No, data goes into training as collected" },
    }),
    dontKnow: true,
    atlas: ["AML.T0020", "AML.T0059", "AML.T0043.004"],
  },
  {
    id: "security.mitigation.dataset_provenance",
    section: "mitigation",
    type: "single",
    text: "If one data source turned out to be poisoned, could you find every record it contributed and every model version trained on them?",
    hint: "When a poisoning attack is discovered, the first questions are which source it came from and which models learned from it. Lineage from source to record to dataset version to model version lets you answer both, remove the source and retrain; without it you can only throw everything away or keep the poison.",
    options: inPlace("m.data_provenance", {
      yes: {
        label:
          "Yes: every record carries its source, and lineage links sources, dataset versions and model versions",
      },
      partial: {
        label:
          "Roughly: we know which dataset versions fed which model, but not which records came from which source",
      },
      no: { label: "No" },
    }),
    dontKnow: true,
    atlas: ["AML.T0010.002", "AML.T0019", "AML.T0020"],
  },
  {
    id: "security.mitigation.label_review",
    section: "mitigation",
    type: "single",
    text: "Are labels that come from outside the core team (user feedback, crowd workers, labelling vendors) reviewed before training uses them?",
    hint: "Whoever labels the data steers the model. An attacker who can submit feedback, join a crowd-labelling pool or compromise a vendor can relabel exactly the cases they want the model to get wrong, as happened to chatbots that learned from their users.",
    options: [
      ...inPlace("m.label_review", {
        yes: {
          label:
            "Yes: samples are checked by trusted reviewers and feedback only counts after agreement from independent sources",
          note: "Review costs time and delays learning from fresh feedback.",
        },
        partial: { label: "Spot checks, or review only for some label sources" },
        no: { label: "No, external labels are used as they arrive" },
      }),
      notApplicable("internal_only", {
        label: "Not applicable: all labels come from our own staff or from the data itself",
      }),
    ],
    dontKnow: true,
    atlas: ["AML.T0020", "AML.T0059"],
  },
  {
    id: "security.mitigation.verify_artifacts",
    section: "mitigation",
    type: "single",
    text: "Must every third-party model or dataset pass a controlled intake (scanning, approval, recorded hash) before the ML team can use it?",
    hint: "Public hubs keep turning up model files that run code when loaded (pickle-based formats) and models with planted behaviour. Checking each download by hand depends on every data scientist remembering; one intake path that scans, approves and records the hash makes checking the default, and shows where an artefact is used once it turns out bad.",
    options: [
      ...inPlace("m.verify_artifacts", {
        yes: {
          label:
            "Yes: external artefacts enter only through an internal registry or mirror after scanning and approval, and are used by their recorded hash",
          note: "Narrows the choice of public models; an internal registry helps.",
        },
        partial: {
          label: "Scanning or approval exists, but people can still download and use artefacts directly",
        },
        no: { label: "No: anyone can download and use external models and datasets" },
      }),
      notApplicable("no_third_party", { label: "Not applicable: we use no third-party models or datasets" }),
    ],
    dontKnow: true,
    atlas: ["AML.T0010.003", "AML.T0010.002", "AML.T0011.000", "AML.T0058", "AML.T0018.002", "AML.T0076"],
  },
  {
    id: "security.mitigation.retraining_controls",
    section: "mitigation",
    type: "single",
    text: "When the model is retrained, is new data held back and checked before it can influence the production model?",
    hint: "Every retraining is a new chance to poison. Systems that retrain continuously on fresh data let an attacker shift the model gradually, below any alarm; batches, a quarantine period and a cap on any one source's influence slow such a campaign down and make it visible.",
    options: [
      ...inPlace("m.retraining_controls", {
        yes: {
          label:
            "Yes: reviewed batches, new data is quarantined for a while, and no single source can dominate",
          note: "The model follows genuine change more slowly.",
        },
        partial: { label: "Some of these controls, or retraining is manual but new data is not screened" },
        no: { label: "No: new data flows straight into automatic or online retraining" },
      }),
      notApplicable("never_retrained", { label: "Not applicable: the model is not retrained after release" }),
    ],
    dontKnow: true,
    atlas: ["AML.T0020", "AML.T0031"],
  },
  {
    id: "security.mitigation.model_validation",
    section: "mitigation",
    type: "single",
    text: "Before a new model version serves traffic, is it checked for hidden behaviour such as backdoors?",
    hint: "A backdoored model scores normally on test data and misbehaves only when its trigger appears, so test accuracy alone will not reveal it. Comparing against a secret held-out set and canary inputs, and scanning for triggers (e.g. trigger reconstruction), catches many planted behaviours.",
    options: inPlace("m.model_validation", {
      yes: {
        label: "Yes: secret held-out set, canary inputs, backdoor scans and a sign-off before release",
        note: "Slows releases; the held-out set must stay secret and current.",
      },
      partial: { label: "Test-set accuracy is checked, without backdoor scans or behaviour-change checks" },
      no: { label: "No release check beyond training metrics" },
    }),
    dontKnow: true,
    atlas: ["AML.T0018.000", "AML.T0043.004"],
  },
  {
    id: "security.mitigation.adversarial_training",
    section: "mitigation",
    type: "single",
    text: "Is the model trained or certified to be robust against small adversarial perturbations?",
    hint: "Models learn brittle features: a change invisible to a person can flip the decision. Adversarial training teaches the model with such perturbed inputs, and certified methods prove a decision cannot change within a stated budget, which raises the cost of evasion.",
    options: inPlace("m.adversarial_training", {
      yes: {
        label:
          "Yes: adversarial training (e.g. PGD) or certified robustness against a stated perturbation budget",
        note: "Usually costs clean accuracy and several times the training time.",
      },
      partial: {
        label: "Noise or augmentation, or a few adversarial examples, without a stated threat model",
      },
      no: { label: "No" },
    }),
    dontKnow: true,
    atlas: ["AML.T0015", "AML.T0043"],
  },
  {
    id: "security.mitigation.ensembles",
    section: "mitigation",
    type: "single",
    text: "Is the main model's decision cross-checked by an independently built model or rule set?",
    hint: "Adversarial examples transfer between similar models, and a poisoned data subset affects every model trained on it. Models built differently, on different data or features, rarely fail on the same input, so disagreement between them is a useful alarm.",
    options: inPlace("m.ensembles", {
      yes: {
        label: "Yes: diverse models or independent rules; disagreements are blocked or reviewed",
        note: "Multiplies inference cost and latency.",
      },
      partial: { label: "An ensemble of similar models trained on the same data" },
      no: { label: "No, one model decides" },
    }),
    dontKnow: true,
    atlas: ["AML.T0043.002", "AML.T0015"],
  },
  {
    id: "security.mitigation.differential_privacy",
    section: "mitigation",
    type: "single",
    text: "Is the model trained with differential privacy?",
    hint: "Differential privacy (e.g. DP-SGD) clips and noises each record's influence on training, which bounds mathematically how much any membership or inversion attack can learn about one person. It is the only defence against training-data inference with a formal guarantee, paid for in accuracy.",
    options: inPlace("m.differential_privacy", {
      yes: {
        label: "Yes: the whole training uses a differentially private method with privacy accounting",
        note: "Accuracy drops, most for rare classes and small groups.",
      },
      partial: { label: "Partly: only some components use DP, or noise is added without privacy accounting" },
      no: { label: "No" },
    }),
    dontKnow: true,
    atlas: ["AML.T0024.000", "AML.T0024.001"],
  },
  {
    id: "security.mitigation.dp_epsilon",
    section: "mitigation",
    type: "single",
    text: "Which privacy budget (epsilon) does the differentially private training guarantee?",
    hint: "Epsilon bounds how much one record can change the model: the smaller it is, the closer any membership attack comes to guessing. At epsilon 1, guessing which of two equally likely candidates was a member succeeds at most about 73% of the time; at epsilon 10 the bound is practically void, and without a stated epsilon the protection cannot be judged.",
    options: [
      {
        id: "eps_small",
        label: "Epsilon of 1 or less",
        note: "Strong protection; usually needs large datasets to keep accuracy.",
        effects: { exposure: { membership: -1 } },
      },
      { id: "eps_moderate", label: "Epsilon between 1 and 10", effects: { informational: true } },
      {
        id: "eps_large",
        label: "Epsilon above 10, or no epsilon stated",
        note: "The guarantee is weak; audit leakage empirically with a membership attack.",
        effects: { exposure: { membership: 1 }, missing: ["m.differential_privacy"] },
      },
    ],
    dontKnow: true,
    showIf: [{ question: "security.mitigation.differential_privacy", anyOf: ["yes", "partial"] }],
    atlas: ["AML.T0024.000"],
  },
  {
    id: "security.mitigation.overfitting_control",
    section: "mitigation",
    type: "single",
    text: "Is overfitting controlled as a privacy safeguard, with the gap between training and test performance measured and limited before release?",
    hint: "A model that is much more confident on its training records than on new ones gives itself away: the confidence gap is exactly what membership inference measures. Regularisation and early stopping with a release limit on the gap shrink that signal.",
    options: inPlace("m.regularization", {
      yes: {
        label: "Yes: regularisation and early stopping, and a maximum train–test gap is checked at release",
      },
      partial: { label: "Regularisation is used for accuracy, but the gap is neither measured nor limited" },
      no: { label: "No" },
    }),
    dontKnow: true,
    atlas: ["AML.T0024.000"],
  },
  {
    id: "security.mitigation.data_minimization",
    section: "mitigation",
    type: "single",
    text: "Were sensitive attributes and identifiers that the task does not need removed or generalised before training?",
    hint: "What the model never saw, no inversion or attribute-inference attack can extract. Dropping identifiers and sensitive fields, and coarsening the rest (age bands, regions instead of addresses), limits what a successful attack reveals.",
    options: [
      ...inPlace("m.feature_minimization", {
        yes: {
          label: "Yes: unneeded sensitive fields were dropped and the rest generalised",
          note: "Fairness audits may then need the dropped attributes kept separately.",
        },
        partial: { label: "Direct identifiers were removed, but sensitive attributes were kept" },
        no: { label: "No, all available fields were used" },
      }),
      notApplicable("no_personal_data", {
        label: "Not applicable: the training data contains no personal or confidential data",
      }),
    ],
    dontKnow: true,
    atlas: ["AML.T0024.001", "AML.T0024"],
  },
  {
    id: "security.mitigation.access_control_data",
    section: "mitigation",
    type: "single",
    text: "Who can read and change the training data, labels, feature stores and stored models?",
    hint: "An insider or a stolen account with write access to training data can poison the next model directly, and read access to the model registry hands out the model itself. Least privilege on these stores closes the shortest path to both.",
    options: inPlace("m.access_control_data", {
      yes: {
        label:
          "Only named roles, with least privilege, strong authentication and separate rights to read and to write",
        note: "Slows experimentation; access reviews take time.",
      },
      partial: {
        label: "Restricted to the data and ML teams, but broadly within them or through shared accounts",
      },
      no: { label: "Many people or services can read and write them" },
    }),
    dontKnow: true,
    atlas: ["AML.T0020", "AML.T0035", "AML.T0036", "AML.T0012"],
  },
  {
    id: "security.mitigation.encryption",
    section: "mitigation",
    type: "single",
    text: "Are model files, checkpoints and training data encrypted at rest and in transit, with managed keys?",
    hint: "Models and datasets are copied to laptops, buckets, backups and partners. Encryption with managed keys means that a leaked copy or an exposed bucket does not also hand over the model or the personal data it was trained on.",
    options: inPlace("m.encrypt_artifacts", {
      yes: { label: "Yes, everywhere, with managed and rotated keys" },
      partial: { label: "In some places only (e.g. production storage but not backups, laptops or exports)" },
      no: { label: "No" },
    }),
    dontKnow: true,
    atlas: ["AML.T0035", "AML.T0025", "AML.T0037"],
  },
];
