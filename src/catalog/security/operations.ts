// Security questionnaire, section "operations": running the ML system securely day to day — query
// and access logs, rollback, incident playbooks for ML attacks, and what is published about the model.
import type { Option, Section } from "../../contracts/catalog.js";
import { inPlace } from "./options.js";

/** One ML incident scenario covered by a playbook: counts as a documented response procedure. */
function playbook(id: string, label: string, note: string): Option {
  return { id, label, note, effects: { maturity: 3 } };
}

export const section: Section = {
  id: "operations",
  questionnaire: "security",
  title: "Security operations",
  intro:
    "Defences also need day-to-day operation: logs that show an attack in progress, the ability to go back to a known-good model, and a plan for when the model itself is the target. These questions cover that, and what the organisation publishes about the model.",
  questions: [
    {
      id: "security.operations.soc_detection",
      section: "operations",
      type: "single",
      text: "Does your security monitoring (SOC or SIEM) receive the model API's logs and have detection rules for attacks on the model?",
      hint: "Extraction and boundary-searching evasion look unlike normal use: one key sweeping the input space, bursts of near-identical inputs, a key suddenly used from many places. Logs only help if someone watches them with these patterns in mind while the attack is still running.",
      options: [
        {
          id: "ml_rules",
          label:
            "Yes, with ML-specific rules (per-key query volume and input coverage, near-duplicate bursts, shifts in the prediction mix)",
          note: "Query logs hold user inputs: limit their retention and who can read them.",
          effects: { evidences: [{ mitigation: "m.input_detection", strength: 0.5 }] },
        },
        {
          id: "generic_rules",
          label:
            "The API's logs reach security monitoring, but only generic rules apply (failed logins, traffic spikes)",
          effects: { missing: ["m.input_detection"] },
        },
        {
          id: "not_connected",
          label: "The model API is not connected to security monitoring",
          effects: { missing: ["m.input_detection"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.002", "AML.T0005.001", "AML.T0042", "AML.T0034.000"],
    },
    {
      id: "security.operations.access_audit",
      section: "operations",
      type: "single",
      text: "Are reads and changes of training data, labels and stored models written to an audit trail that someone reviews?",
      hint: "Permissions say who could change the data; an audit trail says who did. When a model starts misbehaving, a reviewed log of who wrote to the training data or copied the model file is what separates a poisoning or theft from an accident.",
      options: [
        {
          id: "reviewed",
          label: "Yes: access is logged and reviewed regularly or alerted on",
          effects: { evidences: [{ mitigation: "m.access_control_data", strength: 0.5 }] },
        },
        {
          id: "logged_only",
          label: "Logged, but nobody reviews the logs unless something happens",
          effects: {
            evidences: [{ mitigation: "m.access_control_data", strength: 0.2 }],
            missing: ["m.access_control_data"],
          },
        },
        { id: "none", label: "No audit trail", effects: { missing: ["m.access_control_data"] } },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0035", "AML.T0012"],
    },
    {
      id: "security.operations.rollback",
      section: "operations",
      type: "single",
      text: "If the deployed model turns out to be poisoned or misbehaving, how fast can you return to a known-good version?",
      hint: "A backdoor may be discovered weeks after it was planted. Going back needs an earlier model, its data version and its configuration still at hand, plus the knowledge of which version predates the attack; otherwise the bad model keeps serving while a new one is built.",
      options: [
        {
          id: "minutes",
          label: "Within minutes: earlier versions stay deployable and switching back is rehearsed",
          effects: {
            evidences: [
              { mitigation: "m.retraining_controls", strength: 0.5 },
              { mitigation: "m.monitoring_fallback", strength: 0.5 },
            ],
          },
        },
        {
          id: "days",
          label: "Within days: old artefacts exist, but need rebuilding or manual steps",
          effects: {
            evidences: [{ mitigation: "m.retraining_controls", strength: 0.2 }],
            missing: ["m.retraining_controls", "m.monitoring_fallback"],
          },
        },
        {
          id: "not_possible",
          label: "Not possible: earlier versions are not kept",
          effects: { missing: ["m.retraining_controls", "m.monitoring_fallback"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0018.000", "AML.T0031"],
    },
    {
      id: "security.operations.incident_playbooks",
      section: "operations",
      type: "multiple",
      text: "Which attacks on the model do your incident-response playbooks cover?",
      hint: "ML incidents need steps that generic plans lack: tracing and purging a poisoned source before retraining, rotating a stolen model, blocking an evasion campaign by tightening thresholds, or notifying data subjects when an inference attack exposed personal data.",
      options: [
        playbook(
          "poisoning",
          "Poisoning or backdoor: roll back, trace the source, purge it and retrain",
          "Depends on provenance records to find the source.",
        ),
        playbook(
          "model_theft",
          "Model theft or extraction: revoke keys, block clients, assess what was copied",
          "A stolen model also enables offline evasion, so review evasion defences too.",
        ),
        playbook(
          "evasion_campaign",
          "Evasion campaign: block sources, tighten thresholds, route cases to human review",
          "Decisions already taken may have to be reversed.",
        ),
        playbook(
          "data_leakage",
          "Training-data leakage: assess exposed records and notify as data-protection law requires",
          "Under the GDPR the supervisory authority must normally be told within 72 hours.",
        ),
        {
          id: "exercised",
          label: "The ML playbooks are rehearsed at least yearly (tabletop or live drill)",
          effects: { maturity: 4 },
        },
        {
          id: "none",
          label: "None: incident response does not cover attacks on the model",
          effects: { maturity: 0, missing: ["m.monitoring_fallback", "m.retraining_controls"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0024.002", "AML.T0015", "AML.T0024.000"],
    },
    {
      id: "security.operations.publication_review",
      section: "operations",
      type: "single",
      text: "Before papers, blog posts, model cards, talks or job ads about the system go out, are they checked for details that help attackers?",
      hint: "Attackers start with reconnaissance: a conference paper naming the architecture, a model card listing data sources, or a job ad naming the framework lets them build a close proxy model and test attacks offline before touching yours.",
      options: inPlace("m.limit_release", {
        yes: {
          label:
            "Yes: a review removes architecture, data-source, feature and version details users do not need",
          note: "Less transparency for users, auditors and researchers.",
        },
        partial: { label: "Informally, or only for some channels (e.g. papers but not talks or job ads)" },
        no: { label: "No review; details are published freely" },
      }),
      dontKnow: true,
      atlas: ["AML.T0000", "AML.T0003", "AML.T0014", "AML.T0005"],
    },
  ],
};
