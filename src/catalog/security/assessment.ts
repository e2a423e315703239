// Security questionnaire, section "assessment": what has been tested (security tests, pen-tests,
// adversarial ML evaluations), how findings are handled, and which standards and certifications apply.
import type { AttackClass, Option, Section } from "../../contracts/catalog.js";

/** One "this attack class was evaluated" option: partial proof of adversarial testing, slightly harder attack. */
function evaluated(c: AttackClass, label: string, note: string): Option {
  return {
    id: c,
    label,
    note,
    effects: { exposure: { [c]: -1 }, evidences: [{ mitigation: "m.adversarial_testing", strength: 0.5 }] },
  };
}

/** One attack path a pen-test or red team tried: partial proof of adversarial testing. */
function tried(id: string, label: string, strength = 0.5): Option {
  return { id, label, effects: { evidences: [{ mitigation: "m.adversarial_testing", strength }] } };
}

const ATTACK_IDS = ["evasion", "poisoning", "extraction", "membership", "inversion", "attribute"];

export const section: Section = {
  id: "assessment",
  questionnaire: "security",
  title: "Security assessment",
  intro:
    "You can only defend against attacks you know the system is exposed to. These questions ask what has been tested, by whom and how deeply, what happens to the findings, and which security standards and certifications cover the ML system.",
  questions: [
    {
      id: "security.assessment.security_testing",
      section: "assessment",
      type: "single",
      text: "How often is the ML system security-tested, counting the model API, the training pipeline and the model artefacts?",
      hint: "A model changes every time it is retrained: a new version can have lost robustness, memorised more data or absorbed a poisoned batch. Testing once before launch says little about the model serving today.",
      options: [
        {
          id: "never",
          label: "Never",
          effects: { maturity: 0, missing: ["m.adversarial_testing"] },
        },
        {
          id: "once_before_launch",
          label: "Once, before the first launch",
          note: "Every retrained model since then is untested.",
          effects: { maturity: 1, missing: ["m.adversarial_testing"] },
        },
        {
          id: "periodic",
          label: "Periodically (for example yearly), independent of model releases",
          effects: { maturity: 3 },
        },
        {
          id: "every_model_release",
          label: "On every model release and major change, as part of the release process",
          note: "Needs automation (attacks in CI) to keep up with frequent retraining.",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      atlas: [],
    },
    {
      id: "security.assessment.pen_testing",
      section: "assessment",
      type: "single",
      text: "Has the system been penetration-tested, and did the testers attack the model itself?",
      hint: "A classic pen-test checks hosts, the web application and authentication; it treats the model as a box that returns answers. Whether the prediction API can be scraped, fooled or used to leak training data is only found when the scope says so.",
      options: [
        { id: "never", label: "No penetration test so far", effects: { missing: ["m.adversarial_testing"] } },
        {
          id: "infrastructure_only",
          label: "Yes, but the scope was infrastructure and the application around the model",
          note: "The model's own weaknesses stay untested.",
          effects: { missing: ["m.adversarial_testing"] },
        },
        {
          id: "model_in_scope",
          label:
            "Yes, and the scope included abusing the model and its data (crafted inputs, bulk queries, model files)",
          effects: { evidences: [{ mitigation: "m.adversarial_testing", strength: 0.5 }] },
        },
        {
          id: "ml_red_team",
          label: "Yes, by a red team with adversarial-ML expertise that attacked the ML system end to end",
          effects: { evidences: [{ mitigation: "m.adversarial_testing", strength: 0.75 }] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0049", "AML.T0040"],
    },
    {
      id: "security.assessment.pen_test_scope",
      section: "assessment",
      type: "multiple",
      text: "Which attack paths against the ML system did the penetration test or red team actually try?",
      hint: "Each path is a different way in: querying the API at scale to copy the model, crafting inputs that flip decisions, writing to the training data, or simply copying the model file from a bucket or an app. A path nobody tried is a path nobody can vouch for.",
      options: [
        tried(
          "api_bulk_querying",
          "Bulk or automated querying of the prediction API (scraping, extraction, rate-limit bypass)",
        ),
        tried("crafted_inputs", "Crafted inputs that change the model's decision (evasion)"),
        tried(
          "pipeline_write_access",
          "Getting write access to training data, labels or the training pipeline (poisoning)",
        ),
        tried("artifact_theft", "Copying model files from storage, registries, containers or backups"),
        tried(
          "client_reverse_engineering",
          "Extracting the model from a mobile app, browser bundle or device",
        ),
        tried("supply_chain", "Planting a malicious pre-trained model, dataset or ML package"),
        tried(
          "credential_theft",
          "Stealing keys and tokens of ML platforms, notebooks or the model API",
          0.3,
        ),
      ],
      dontKnow: true,
      showIf: [{ question: "security.assessment.pen_testing", anyOf: ["model_in_scope", "ml_red_team"] }],
      atlas: ["AML.T0024.002", "AML.T0043", "AML.T0020", "AML.T0035", "AML.T0044", "AML.T0010", "AML.T0055"],
    },
    {
      id: "security.assessment.attacks_evaluated",
      section: "assessment",
      type: "multiple",
      text: "Which adversarial ML attacks have been run against this model, by anyone (ML team, security team or external testers)?",
      hint: "Each attack class threatens a different asset: evasion the decisions, poisoning the model's integrity, stealing its confidentiality, the three inference attacks the privacy of the training data. An evaluation shows how far an attacker really gets and whether defences hold.",
      options: [
        evaluated(
          "evasion",
          "Evasion: crafted inputs that change the prediction",
          "Shows how much perturbation an attacker needs to flip a decision.",
        ),
        evaluated(
          "poisoning",
          "Poisoning or backdoors: manipulated training data or labels",
          "Shows how many poisoned records it takes to degrade the model or plant a trigger.",
        ),
        evaluated(
          "extraction",
          "Model stealing: rebuilding a working copy of the model from its answers",
          "Shows how many queries a copy costs and how closely it agrees with the original.",
        ),
        evaluated(
          "membership",
          "Membership inference: telling whether a given record was in the training data",
          "Shows how much the model leaks about who is in its training set.",
        ),
        evaluated(
          "inversion",
          "Model inversion: reconstructing training inputs or typical members of a class",
          "Shows whether faces, texts or records can be rebuilt from the model.",
        ),
        evaluated(
          "attribute",
          "Attribute inference: recovering a sensitive attribute of a known person",
          "Shows whether partial knowledge of a person plus the model reveals the rest.",
        ),
        {
          id: "none",
          label: "None of these",
          note: "Exposure is then known only from design answers, not from evidence.",
          effects: { missing: ["m.adversarial_testing"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0015", "AML.T0043", "AML.T0020", "AML.T0024.002", "AML.T0024.000", "AML.T0024.001"],
    },
    {
      id: "security.assessment.evaluation_depth",
      section: "assessment",
      type: "single",
      text: "How thorough were those adversarial evaluations?",
      hint: "Defences that stop a toolkit's default attack often fall to an attack that knows about them (an adaptive attack). An evaluation is only as strong as the attacker it imagined: black-box with defaults, tuned to the system, or with the insider knowledge a real attacker may have.",
      options: [
        {
          id: "desk_review",
          label: "Desk review: the risk was discussed from papers, no attack was actually run",
          effects: { missing: ["m.adversarial_testing"] },
        },
        {
          id: "default_toolkit",
          label:
            "Standard attacks from a toolkit (ART, Foolbox, TextAttack, the mlsa lab) with default settings",
          note: "A useful baseline; defaults underestimate a motivated attacker.",
          effects: { evidences: [{ mitigation: "m.adversarial_testing", strength: 0.5 }] },
        },
        {
          id: "tuned_black_box",
          label: "Attacks tuned to our data, constraints and query budget, using only API access",
          effects: { evidences: [{ mitigation: "m.adversarial_testing", strength: 0.75 }] },
        },
        {
          id: "adaptive_white_box",
          label: "Tuned attacks plus adaptive and white-box attacks that know the deployed defences",
          note: "The accepted standard for claiming robustness; needs real expertise.",
          effects: { evidences: [{ mitigation: "m.adversarial_testing", strength: 1 }] },
        },
      ],
      dontKnow: true,
      showIf: [{ question: "security.assessment.attacks_evaluated", anyOf: ATTACK_IDS }],
      atlas: ["AML.T0043.000", "AML.T0043.001", "AML.T0017.000"],
    },
    {
      id: "security.assessment.evaluation_target",
      section: "assessment",
      type: "single",
      text: "What were the adversarial evaluations run against?",
      hint: "A model in a notebook is not the system attackers meet. Preprocessing, output rounding, rate limits and input checks in production can make attacks harder, and deployment bugs (a debug endpoint returning scores, a stale model) can make them easier.",
      options: [
        {
          id: "offline_copy",
          label: "An offline copy of the model (notebook or test harness)",
          note: "Misses everything the deployment adds or changes.",
          effects: {
            evidences: [{ mitigation: "m.adversarial_testing", strength: 0.3 }],
            missing: ["m.adversarial_testing"],
          },
        },
        {
          id: "staging_replica",
          label: "A staging deployment with the production pipeline, API and settings",
          effects: { evidences: [{ mitigation: "m.adversarial_testing", strength: 0.75 }] },
        },
        {
          id: "production_api",
          label: "The production API itself, with permission and safeguards for real users",
          effects: { evidences: [{ mitigation: "m.adversarial_testing", strength: 0.75 }] },
        },
      ],
      dontKnow: true,
      showIf: [{ question: "security.assessment.attacks_evaluated", anyOf: ATTACK_IDS }],
      atlas: ["AML.T0040", "AML.T0042"],
    },
    {
      id: "security.assessment.findings_followup",
      section: "assessment",
      type: "single",
      text: "What happens to weaknesses that security tests or attack evaluations find?",
      hint: "A measured weakness that nobody owns stays exploitable. ML findings rarely have a one-line patch (robustness, leakage and poisoning trade off against accuracy), so they need an owner, a decision and a retest like any other vulnerability.",
      options: [
        {
          id: "not_tracked",
          label: "They are reported, but not systematically tracked",
          effects: { maturity: 0, missing: ["m.adversarial_testing"] },
        },
        {
          id: "tracked",
          label: "They are tracked in the vulnerability process with an owner and a deadline",
          effects: { maturity: 2 },
        },
        {
          id: "tracked_retested",
          label: "Tracked, fixed or formally accepted by a risk owner, and retested before closing",
          effects: { maturity: 4 },
        },
      ],
      dontKnow: true,
      showIf: [
        {
          question: "security.assessment.security_testing",
          anyOf: ["once_before_launch", "periodic", "every_model_release"],
        },
      ],
      atlas: [],
    },
    {
      id: "security.assessment.iso27001",
      section: "assessment",
      type: "single",
      text: "Is the ML system inside the scope of an information security management system (ISO/IEC 27001)?",
      hint: "Adversarial ML builds on ordinary intrusions: stolen credentials, open storage buckets, exfiltrated model files. An ISO/IEC 27001 scope that includes the data stores, training platform and model registry means access control, encryption and logging are defined and audited there too.",
      options: [
        {
          id: "certified_in_scope",
          label: "Certified, and the scope explicitly includes the ML pipeline, data and model hosting",
          effects: {
            maturity: 4,
            evidences: [
              { mitigation: "m.access_control_data", strength: 0.3 },
              { mitigation: "m.encrypt_artifacts", strength: 0.3 },
            ],
          },
        },
        {
          id: "certified_out_of_scope",
          label:
            "The organisation is certified, but the ML pipeline or its cloud accounts are outside the scope",
          note: "Data science platforms are often set up beside the audited environment.",
          effects: { maturity: 2, missing: ["m.access_control_data", "m.encrypt_artifacts"] },
        },
        {
          id: "aligned",
          label: "We follow ISO/IEC 27001/27002 controls without certification",
          effects: { maturity: 2 },
        },
        {
          id: "none",
          label: "No information security management system applies",
          effects: { maturity: 0, missing: ["m.access_control_data", "m.encrypt_artifacts"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0012", "AML.T0025", "AML.T0036"],
    },
    {
      id: "security.assessment.ai_frameworks",
      section: "assessment",
      type: "multiple",
      text: "Which AI-specific security or privacy frameworks guide how this system is secured?",
      hint: "Generic security standards do not mention adversarial examples or poisoned labels. AI-specific frameworks list these threats and the controls for them, so a team that follows one is less likely to leave a whole attack class unexamined.",
      options: [
        {
          id: "iso_42001",
          label: "ISO/IEC 42001 (AI management system)",
          effects: { maturity: 3 },
        },
        {
          id: "iso_27701",
          label: "ISO/IEC 27701 (privacy information management, an extension of ISO/IEC 27001)",
          effects: { maturity: 2 },
        },
        {
          id: "iso_ai_guidance",
          label:
            "ISO/IEC AI guidance such as ISO/IEC 27090 (security threats to AI) or ISO/IEC 24029 (robustness)",
          effects: { maturity: 2 },
        },
        {
          id: "nist_ai_rmf",
          label: "NIST AI Risk Management Framework and the NIST adversarial ML taxonomy (AI 100-2)",
          effects: { maturity: 3 },
        },
        {
          id: "mitre_atlas",
          label: "MITRE ATLAS, used for threat modelling and test planning",
          effects: { maturity: 3 },
        },
        {
          id: "owasp_etsi",
          label: "OWASP Machine Learning / AI security guidance or ETSI SAI specifications",
          effects: { maturity: 2 },
        },
        {
          id: "none",
          label: "None of these",
          effects: { maturity: 0, missing: ["m.security_training"] },
        },
      ],
      dontKnow: true,
      atlas: [],
    },
    {
      id: "security.assessment.certification",
      section: "assessment",
      type: "single",
      text: "Does the ML system, or the product or cloud service it is part of, hold an independent security certification?",
      hint: "Under the EU Cybersecurity Act, products and services can be certified against common European schemes such as EUCC. Under the EU AI Act, a high-risk AI system certified under such a scheme is presumed to meet the Act's cybersecurity requirement as far as the certificate covers it.",
      options: [
        {
          id: "eu_csa_scheme",
          label: "Yes, under a scheme of the EU Cybersecurity Act (for example EUCC)",
          effects: { maturity: 4 },
        },
        {
          id: "other_third_party",
          label:
            "Yes, another independent certification or attestation (Common Criteria, BSI C5, SOC 2 Type II, …)",
          effects: { maturity: 3 },
        },
        { id: "in_progress", label: "A certification is being prepared", effects: { maturity: 1 } },
        { id: "none", label: "No certification", effects: { maturity: 0 } },
      ],
      dontKnow: true,
      atlas: [],
    },
    {
      id: "security.assessment.certification_ml_scope",
      section: "assessment",
      type: "single",
      text: "Did the certification evaluation examine ML-specific threats, or only the conventional system around the model?",
      hint: "Most certification schemes evaluate the platform: hardening, access control, cryptography. A certified platform can still serve a model that is easy to fool, copy or make leak its training data, unless the evaluators tested those attacks.",
      options: [
        {
          id: "ml_threats_assessed",
          label: "ML threats (evasion, poisoning, extraction, data leakage) were part of the evaluation",
          effects: { evidences: [{ mitigation: "m.adversarial_testing", strength: 0.5 }] },
        },
        {
          id: "conventional_only",
          label: "Only the conventional system was evaluated",
          effects: { missing: ["m.adversarial_testing"] },
        },
      ],
      dontKnow: true,
      showIf: [
        { question: "security.assessment.certification", anyOf: ["eu_csa_scheme", "other_third_party"] },
      ],
      atlas: ["AML.T0015", "AML.T0020", "AML.T0024"],
    },
    {
      id: "security.assessment.ml_platform_scanning",
      section: "assessment",
      type: "single",
      text: "Are the ML platforms (notebook servers, experiment trackers, model servers, training images) included in vulnerability scanning and patching?",
      hint: "ML platforms are often installed by data scientists beside the managed estate, and several popular ones have had critical flaws that let anyone on the network run code or read stored models. Code execution on a training or serving machine means data and models can be copied or altered unnoticed.",
      options: [
        { id: "none", label: "No", effects: { missing: ["m.verify_artifacts", "m.access_control_data"] } },
        {
          id: "libraries_only",
          label: "Application libraries are scanned, but ML platforms, notebooks and training images are not",
          effects: {
            evidences: [{ mitigation: "m.verify_artifacts", strength: 0.2 }],
            missing: ["m.verify_artifacts", "m.access_control_data"],
          },
        },
        {
          id: "ml_platforms_included",
          label:
            "ML platforms, model servers, notebooks and training images are scanned and patched like any other system",
          effects: { evidences: [{ mitigation: "m.verify_artifacts", strength: 0.5 }] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0049", "AML.T0010.001", "AML.T0010.004"],
    },
    {
      id: "security.assessment.ml_security_skills",
      section: "assessment",
      type: "single",
      text: "Who in the organisation understands adversarial ML well enough to judge these risks?",
      hint: "People who know both security and machine learning are rare. Without them, security reviews miss model-specific attacks and data scientists make design choices (returning full scores, retraining on raw feedback) without seeing the attack they enable.",
      options: [
        { id: "nobody", label: "Nobody in particular", effects: { missing: ["m.security_training"] } },
        {
          id: "external_only",
          label: "External consultants, when we ask for them",
          effects: {
            evidences: [{ mitigation: "m.security_training", strength: 0.3 }],
            missing: ["m.security_training"],
          },
        },
        {
          id: "specialist",
          label: "At least one security specialist focuses on ML attacks",
          effects: { evidences: [{ mitigation: "m.security_training", strength: 0.6 }] },
        },
        {
          id: "both_teams",
          label: "Security and ML teams are both trained in adversarial ML and review designs together",
          effects: { evidences: [{ mitigation: "m.security_training", strength: 1 }] },
        },
      ],
      dontKnow: true,
      atlas: [],
    },
    {
      id: "security.assessment.external_reports",
      section: "assessment",
      type: "single",
      text: "Can outsiders report ML-specific weaknesses (an evasion bypass, a way to copy the model, leaked training data) through a disclosure or bug bounty programme?",
      hint: "Researchers and users find evasion tricks and leaks long before internal tests do; a jailbreak or a filter bypass is often shared publicly first. Without a channel that accepts model behaviour as a vulnerability, those reports go elsewhere.",
      options: [
        { id: "no_channel", label: "No disclosure channel", effects: { missing: ["m.adversarial_testing"] } },
        {
          id: "ml_excluded",
          label: "A programme exists, but model behaviour is out of scope",
          effects: { missing: ["m.adversarial_testing"] },
        },
        {
          id: "ml_included",
          label: "Yes, model behaviour and data leakage are in scope",
          effects: { evidences: [{ mitigation: "m.adversarial_testing", strength: 0.3 }] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0015", "AML.T0024"],
    },
  ],
};
