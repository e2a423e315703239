// Security questionnaire, section "mitigation", second part: defences around the deployed model
// (input checks, access control to the API, rate limits, coarse outputs, protection of shipped
// models, monitoring with fallback).
import type { Question } from "../../contracts/catalog.js";
import { inPlace } from "./options.js";

/** Mitigation questions about the deployed model and its prediction interface, in order. */
export const inferenceQuestions: Question[] = [
  {
    id: "security.mitigation.input_transformation",
    section: "mitigation",
    type: "single",
    text: "Are inputs transformed before inference to strip small adversarial perturbations (e.g. quantisation, smoothing, re-encoding, randomised resizing)?",
    hint: "Many evasion perturbations are small and fragile: they lose their effect when an input is quantised, smoothed or re-encoded. Such preprocessing raises the cost of naive attacks, but an attacker who knows it can optimise through it, so it only counts if it was tested against adaptive attacks.",
    options: inPlace("m.input_restoration", {
      yes: {
        label:
          "Yes: a transformation chosen as a defence (feature squeezing, denoising, randomised smoothing) and tested against attacks",
        note: "Can cost some clean accuracy.",
      },
      partial: {
        label:
          "Inputs are normalised for other reasons (resizing, rounding, clipping), not designed or tested as a defence",
      },
      no: { label: "No, inputs reach the model unchanged" },
    }),
    dontKnow: true,
    atlas: ["AML.T0043", "AML.T0015"],
  },
  {
    id: "security.mitigation.input_detection",
    section: "mitigation",
    type: "single",
    text: "Are abnormal inputs detected at inference: out-of-distribution samples, adversarial-looking inputs, or streams of near-identical queries?",
    hint: "Evasion and extraction leave traces: inputs unlike any real data, or one client sending thousands of slight variations of the same input while searching for the decision boundary. Detectors that flag such inputs or query patterns can stop an attack while it is still searching.",
    options: inPlace("m.input_detection", {
      yes: {
        label: "Yes: detectors flag or reject such inputs at serving time, and alerts are followed up",
        note: "Expect false alarms on unusual but genuine inputs.",
      },
      partial: { label: "Simple outlier flags, or detection only in later offline analysis" },
      no: { label: "No" },
    }),
    dontKnow: true,
    atlas: ["AML.T0043.001", "AML.T0015", "AML.T0042"],
  },
  {
    id: "security.mitigation.access_control_models",
    section: "mitigation",
    type: "single",
    text: "Who can query the model's prediction API, and how are they authenticated?",
    hint: "Every black-box attack starts with the right to ask the model questions. When only authenticated clients with their own revocable keys may query, an attacker must first obtain an account, abuse can be traced to one, and a key can be cut off.",
    options: inPlace("m.access_control_prod", {
      yes: {
        label: "Only authenticated clients, each with its own revocable key and least-privilege scope",
        note: "Sign-up friction and key management; a paying attacker still gets in.",
      },
      partial: {
        label:
          "Authentication exists, but keys are shared, long-lived or broadly scoped, or some endpoints are open",
      },
      no: { label: "Anyone can query it without authentication" },
    }),
    dontKnow: true,
    atlas: ["AML.T0040", "AML.T0012", "AML.T0021", "AML.T0055"],
  },
  {
    id: "security.mitigation.rate_limiting",
    section: "mitigation",
    type: "single",
    text: "Are queries to the model limited per client over time?",
    hint: "Stealing a model and decision-based evasion need thousands to millions of queries, and membership inference at scale needs queries for every candidate record. Per-client quotas turn an afternoon's attack into weeks and make the attacker spread over many accounts, which is easier to notice.",
    options: inPlace("m.rate_limiting", {
      yes: {
        label: "Yes: per-client quotas and rate limits, with alerts on clients that approach them",
        note: "Heavy legitimate users need tuned quotas.",
      },
      partial: { label: "Only a global limit, or limits so generous they only prevent overload" },
      no: { label: "No limits" },
    }),
    dontKnow: true,
    atlas: ["AML.T0024.002", "AML.T0034.000", "AML.T0040"],
  },
  {
    id: "security.mitigation.coarse_outputs",
    section: "mitigation",
    type: "single",
    text: "Are the model's outputs deliberately coarsened for callers who do not need full detail?",
    hint: "A full probability vector tells an attacker how close each input is to the boundary: enough to solve for a linear model's weights, steer a score-based evasion, or tell training members from non-members by their confidence. A label or a rounded top score leaks far less.",
    options: inPlace("m.coarse_outputs", {
      yes: {
        label: "Yes: callers get only the label, or the top class with a rounded score",
        note: "Consumers lose calibrated confidences for ranking and thresholds.",
      },
      partial: { label: "Scores are rounded or limited to the top few classes, but still detailed" },
      no: { label: "No, full-precision scores or probability vectors are returned" },
    }),
    dontKnow: true,
    atlas: ["AML.T0024", "AML.T0063", "AML.T0043.001"],
  },
  {
    id: "security.mitigation.shipped_model",
    section: "mitigation",
    type: "single",
    text: "If a model has to run on user devices or customer premises, do you limit what an extracted copy would be worth?",
    hint: "A model on a device is extracted sooner or later; encryption and obfuscation raise the effort but rarely stop it. What remains is limiting the prize: ship a reduced model rather than the production one, deliver it only to genuine, attested apps, and replace it often so that a stolen copy ages quickly.",
    options: [
      {
        id: "server_only",
        label: "Not needed: the model runs only on our servers",
        effects: { evidences: [{ mitigation: "m.protect_model_artifact", strength: 1 }] },
      },
      {
        id: "yes",
        label:
          "Yes: devices get a reduced (e.g. distilled or quantised) model, only attested apps receive it, and it is replaced regularly",
        note: "A reduced model may be less accurate on the device.",
        effects: { evidences: [{ mitigation: "m.protect_model_artifact", strength: 0.8 }] },
      },
      {
        id: "partial",
        label: "Some of these measures",
        effects: {
          evidences: [{ mitigation: "m.protect_model_artifact", strength: 0.4 }],
          missing: ["m.protect_model_artifact"],
        },
      },
      {
        id: "no",
        label: "No: the full production model ships to any installed app or device",
        effects: { missing: ["m.protect_model_artifact"] },
      },
    ],
    dontKnow: true,
    atlas: ["AML.T0044", "AML.T0037", "AML.T0048.004"],
  },
  {
    id: "security.mitigation.monitoring_fallback",
    section: "mitigation",
    type: "single",
    text: "Is the model's live behaviour monitored, with a fallback ready if it degrades?",
    hint: "A poisoned update or an evasion campaign shows up as shifts in accuracy, drift in inputs or a changed mix of predictions. Monitoring notices it, and a fallback (previous model, rules, human review) limits the damage while you investigate.",
    options: inPlace("m.monitoring_fallback", {
      yes: {
        label:
          "Yes: accuracy, drift and prediction mix are monitored with alerts, and a fallback can take over quickly",
        note: "Needs ground truth or good proxies in production and an on-call owner.",
      },
      partial: { label: "Monitoring without a prepared fallback, or a fallback that no alert would trigger" },
      no: { label: "No" },
    }),
    dontKnow: true,
    atlas: ["AML.T0031", "AML.T0015", "AML.T0029"],
  },
];
