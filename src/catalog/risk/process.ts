// Risk questionnaire, section "process": how the organisation identifies, measures, ranks, owns and
// responds to ML-specific security risk. Each option carries a maturity level 0..4.
import type { Section } from "../../contracts/catalog.js";

export const section: Section = {
  id: "process",
  questionnaire: "risk",
  title: "Risk-management processes",
  intro:
    "Defences age as models, data and attacks change; what keeps risk under control is the process around them. These questions ask whether ML-specific threats are analysed, measured, ranked, owned and answered when they occur.",
  questions: [
    {
      id: "risk.process.threat_analysis",
      section: "process",
      type: "single",
      text: "Has a threat analysis been carried out for this system, and did it cover attacks specific to ML?",
      hint: "Classic threat modelling looks at servers, accounts and networks and misses the model itself: nobody asks who can influence training labels or how many queries a copy would take. An ML-specific analysis walks through evasion, poisoning, extraction and data inference against this system's data flows.",
      options: [
        {
          id: "none",
          label: "No threat analysis has been done",
          effects: { maturity: 0, missing: ["m.security_training", "m.adversarial_testing"] },
        },
        {
          id: "generic_only",
          label: "Yes, a generic IT security analysis that does not consider ML-specific attacks",
          effects: { maturity: 1, missing: ["m.security_training", "m.adversarial_testing"] },
        },
        {
          id: "ml_specific",
          label: "Yes, once, including ML-specific attacks (evasion, poisoning, extraction, data inference)",
          effects: { maturity: 3 },
        },
        {
          id: "ml_specific_regular",
          label: "Yes, including ML-specific attacks, and it is repeated regularly and after major changes",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      atlas: [],
    },
    {
      id: "risk.process.vulnerability_monitoring",
      section: "process",
      type: "single",
      text: "How are vulnerabilities of the ML system identified and kept under watch?",
      hint: "ML weaknesses are rarely published as CVEs: robustness gaps, memorisation and poisoned upstream models are found by testing the model and watching it in production. Without that, the first sign of an attack is often its consequence.",
      options: [
        {
          id: "none",
          label: "They are not systematically looked for",
          effects: { maturity: 0, missing: ["m.adversarial_testing", "m.monitoring_fallback"] },
        },
        {
          id: "generic_scanning",
          label: "Standard software vulnerability scanning and patching only (including ML libraries)",
          effects: { maturity: 1, missing: ["m.adversarial_testing", "m.monitoring_fallback"] },
        },
        {
          id: "ml_testing_once",
          label: "The model was tested against adversarial attacks once, before release",
          effects: { maturity: 2, missing: ["m.monitoring_fallback"] },
        },
        {
          id: "ml_testing_per_release",
          label:
            "Every model release is tested against adversarial attacks, and advisories on used models and libraries are followed",
          effects: { maturity: 3, missing: ["m.monitoring_fallback"] },
        },
        {
          id: "continuous",
          label:
            "Per-release testing plus production monitoring for attack signs (query patterns, drift, odd outputs)",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0001", "AML.T0010"],
    },
    {
      id: "risk.process.risk_metrics",
      section: "process",
      type: "single",
      text: "Which metrics quantify the security risk of the ML system?",
      hint: "Accuracy on clean test data says nothing about behaviour under attack. Security-relevant metrics include accuracy under a given perturbation budget, the number of queries needed to copy the model, and how well membership can be guessed; they make risk visible and comparable between releases.",
      options: [
        {
          id: "none",
          label: "None",
          effects: { maturity: 0, missing: ["m.adversarial_testing", "m.monitoring_fallback"] },
        },
        {
          id: "generic_security",
          label: "Only generic security indicators (incidents, patch delays, audit findings)",
          effects: { maturity: 1, missing: ["m.adversarial_testing"] },
        },
        {
          id: "model_quality",
          label: "Model quality metrics (accuracy, drift, error rates) without a security angle",
          effects: { maturity: 2, missing: ["m.adversarial_testing"] },
        },
        {
          id: "ml_security",
          label:
            "ML security metrics (robust accuracy, extraction fidelity, membership-inference advantage) per release",
          effects: { maturity: 3 },
        },
        {
          id: "ml_security_thresholds",
          label: "ML security metrics with agreed thresholds that can block a release",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      atlas: [],
    },
    {
      id: "risk.process.risk_ranking",
      section: "process",
      type: "single",
      text: "How are ML-specific risk factors classified and ranked against each other?",
      hint: "Defences trade off against each other and against accuracy: coarser outputs hinder extraction but annoy users, differential privacy protects data but costs accuracy. Ranking risks by likelihood and impact is what lets you choose which trade-offs are worth making.",
      options: [
        {
          id: "none",
          label: "They are not recorded",
          effects: { maturity: 0, missing: ["m.security_training"] },
        },
        {
          id: "single_entry",
          label: "The system appears as a single line in the general risk register",
          effects: { maturity: 1, missing: ["m.security_training"] },
        },
        {
          id: "listed",
          label: "ML-specific risks are listed separately, but not ranked",
          effects: { maturity: 2 },
        },
        {
          id: "ranked",
          label: "They are rated by likelihood and impact and ranked, each with an owner",
          effects: { maturity: 3 },
        },
        {
          id: "ranked_and_acted",
          label: "The ranking is updated after changes and decides which mitigations get budget",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      atlas: [],
    },
    {
      id: "risk.process.incident_response",
      section: "process",
      type: "single",
      text: "What is the response procedure when an ML-specific attack is suspected (a poisoned model, an ongoing extraction, leaked training data)?",
      hint: "ML incidents need steps a generic playbook lacks: rolling back to a trusted model, finding and removing poisoned data before retraining, cutting off a client that harvests predictions, and judging whether inferred data is a reportable breach.",
      options: [
        {
          id: "none",
          label: "There is no defined procedure",
          effects: { maturity: 0, missing: ["m.monitoring_fallback", "m.security_training"] },
        },
        {
          id: "generic_only",
          label: "The general IT incident process, with no ML-specific steps",
          effects: { maturity: 1, missing: ["m.monitoring_fallback", "m.security_training"] },
        },
        {
          id: "ml_playbook",
          label:
            "An ML playbook exists (rollback, data quarantine, retraining, breach assessment), never rehearsed",
          effects: { maturity: 2, missing: ["m.security_training"] },
        },
        {
          id: "ml_playbook_ready",
          label:
            "The ML playbook is backed by the means to act: earlier models, data snapshots, a fallback mode",
          effects: { maturity: 3 },
        },
        {
          id: "ml_playbook_exercised",
          label: "All of that, and the playbook has been rehearsed or used in a real incident",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      atlas: [],
    },
    {
      id: "risk.process.ownership",
      section: "process",
      type: "single",
      text: "Who is accountable for the security risk of this ML system?",
      hint: "ML security sits between teams: data scientists assume security covers it, and security teams assume the model is a data-science matter. Attacks like poisoning through a feedback channel fall exactly into that gap unless someone owns it.",
      options: [
        {
          id: "nobody",
          label: "Nobody in particular",
          effects: { maturity: 0, missing: ["m.security_training"] },
        },
        {
          id: "unclear_split",
          label: "Split between teams without clear boundaries",
          effects: { maturity: 1, missing: ["m.security_training"] },
        },
        {
          id: "named_owner",
          label: "A named person or role",
          effects: { maturity: 3 },
        },
        {
          id: "owner_with_mandate",
          label: "A named owner with budget and the authority to stop a release",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      atlas: [],
    },
    {
      id: "risk.process.review_frequency",
      section: "process",
      type: "single",
      text: "How often is the ML security risk assessment of this system revisited?",
      hint: "Risk moves with every retraining, new data source, new client of the API and new published attack. An assessment from last year may describe a different model facing different attacks.",
      options: [
        {
          id: "never",
          label: "Never, or only at launch",
          effects: { maturity: 0, missing: ["m.adversarial_testing"] },
        },
        {
          id: "after_incidents",
          label: "Only after an incident",
          effects: { maturity: 1, missing: ["m.adversarial_testing"] },
        },
        {
          id: "periodic",
          label: "On a fixed schedule (for example yearly)",
          effects: { maturity: 2 },
        },
        {
          id: "on_change",
          label: "On every significant change (new model version, data source or exposure)",
          effects: { maturity: 3 },
        },
        {
          id: "on_change_and_periodic",
          label: "On every significant change and on a fixed schedule",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      atlas: [],
    },
    {
      id: "risk.process.privacy_assessment",
      section: "process",
      type: "single",
      text: "Does your data-protection impact assessment consider what the trained model itself can reveal about people?",
      hint: "Privacy reviews often stop at storing and accessing the training data. Yet a trained model may still carry personal data that membership or inversion attacks recover, so it cannot be assumed anonymous without evidence.",
      options: [
        {
          id: "none",
          label: "No impact assessment has been done",
          effects: { maturity: 0, missing: ["m.adversarial_testing", "m.feature_minimization"] },
        },
        {
          id: "data_only",
          label: "Yes, but it covers only the collection and storage of data, not the model",
          effects: { maturity: 1, missing: ["m.adversarial_testing", "m.feature_minimization"] },
        },
        {
          id: "model_included",
          label:
            "Yes, the model is treated as possibly containing personal data and inference attacks are considered",
          effects: { maturity: 3, missing: ["m.adversarial_testing"] },
        },
        {
          id: "model_tested",
          label: "Yes, and membership or inversion attacks were actually run to support its conclusions",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      showIf: [
        {
          question: "risk.assets.training_data_content",
          anyOf: ["personal_data", "sensitive_personal", "special_category", "children"],
        },
      ],
      atlas: ["AML.T0024.000", "AML.T0024.001"],
    },
    {
      id: "risk.process.supplier_risk",
      section: "process",
      type: "single",
      text: "How are suppliers of models, data, labelling or ML platforms assessed for ML security risk?",
      hint: "Pre-trained models, public datasets, labelling contractors and ML platforms are all ways into your model. A supplier's poisoned model or dataset, or a compromised labelling team, poisons you too without anyone touching your own systems.",
      options: [
        {
          id: "no_suppliers",
          label: "We use no external models, datasets, labelling services or ML platforms",
          note: "There is no supplier risk to manage; assess any supplier before its first use.",
          effects: { maturity: 4 },
        },
        {
          id: "not_assessed",
          label: "Suppliers are not assessed",
          effects: { maturity: 0, missing: ["m.verify_artifacts"] },
        },
        {
          id: "generic_vendor",
          label: "Only the general vendor security review",
          effects: { maturity: 1, missing: ["m.verify_artifacts"] },
        },
        {
          id: "ml_requirements",
          label: "ML-specific requirements are agreed (provenance, integrity checks, notice of compromise)",
          effects: { maturity: 3 },
        },
        {
          id: "ml_requirements_verified",
          label: "ML-specific requirements are agreed and checked on every delivery",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0010", "AML.T0010.002", "AML.T0010.003"],
    },
  ],
};
