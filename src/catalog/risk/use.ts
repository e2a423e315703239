// Risk questionnaire, section "use": how predictions are turned into decisions, whether a person
// stands between the model and the outcome, and who receives the predictions.
import type { Section } from "../../contracts/catalog.js";

export const section: Section = {
  id: "use",
  questionnaire: "risk",
  title: "Use of predictions",
  intro:
    "A fooled model only does damage through what is done with its output. These questions ask whether predictions act on their own or pass a person first, whether wrong decisions can be undone, and who sees the predictions.",
  questions: [
    {
      id: "risk.use.decision_mode",
      section: "use",
      type: "single",
      text: "How are the model's predictions turned into decisions?",
      hint: "An adversarial example or a backdoor trigger only pays off if the wrong prediction becomes a wrong action. When the model acts alone, one crafted input is one successful fraud or one blocked person; a reviewer who decides each case catches many of those, though not all.",
      options: [
        {
          id: "fully_automated",
          label: "Fully automated: predictions take effect with no person involved",
          note: "Fast and cheap, but nothing stands between a manipulated prediction and its effect.",
          effects: {
            impactShift: { evasion: 1, poisoning: 1 },
            missing: ["m.human_review", "m.monitoring_fallback"],
          },
        },
        {
          id: "automated_with_audit",
          label: "Automated, and people audit a sample of decisions afterwards",
          note: "After-the-fact audits find patterns of abuse, but each individual decision already took effect.",
          effects: {
            evidences: [{ mitigation: "m.human_review", strength: 0.3 }],
            missing: ["m.human_review"],
          },
        },
        {
          id: "review_high_stakes",
          label: "Automated, but high-stakes or low-confidence cases go to a person before taking effect",
          note: "Attackers can aim for inputs that look confident and low-stakes, so the thresholds matter.",
          effects: { evidences: [{ mitigation: "m.human_review", strength: 0.6 }] },
        },
        {
          id: "recommendation_only",
          label: "Recommendation only: a person takes every decision, the model advises",
          note: "Costs staff time; reviewers under time pressure tend to follow the model.",
          effects: {
            impactShift: { evasion: -1, poisoning: -1 },
            evidences: [{ mitigation: "m.human_review", strength: 1 }],
          },
        },
        {
          id: "insight_only",
          label: "No individual decisions: outputs feed reports, statistics or research",
          effects: { impactShift: { evasion: -1, poisoning: -1 } },
        },
      ],
      dontKnow: false,
      atlas: ["AML.T0015", "AML.T0048"],
    },
    {
      id: "risk.use.review_quality",
      section: "use",
      type: "single",
      text: "Can the people who review the model's outputs realistically overrule it?",
      hint: "Human review only protects against evasion and poisoning when reviewers have the time, the information and the authority to disagree. Reviewers who approve nearly everything the model proposes (automation bias) pass a manipulated output straight through.",
      options: [
        {
          id: "rubber_stamp",
          label: "Rarely: high volumes, little time or information, overruling the model needs justification",
          note: "Review in name only; the model effectively decides.",
          effects: { impactShift: { evasion: 1, poisoning: 1 }, missing: ["m.human_review"] },
        },
        {
          id: "can_overrule",
          label: "Yes: reviewers see the underlying case data and overrule the model regularly",
          effects: { evidences: [{ mitigation: "m.human_review", strength: 0.8 }] },
        },
        {
          id: "trained_reviewers",
          label: "Yes, and reviewers are trained to spot manipulated inputs and odd model behaviour",
          effects: {
            evidences: [
              { mitigation: "m.human_review", strength: 1 },
              { mitigation: "m.security_training", strength: 0.5 },
            ],
          },
        },
      ],
      dontKnow: true,
      showIf: [{ question: "risk.use.decision_mode", anyOf: ["review_high_stakes", "recommendation_only"] }],
      atlas: ["AML.T0015"],
    },
    {
      id: "risk.use.reversibility",
      section: "use",
      type: "single",
      text: "If a decision based on a wrong prediction is discovered, can it be undone?",
      hint: "Poisoning can go unnoticed for weeks and evasion is often found only in hindsight, for example when fraud losses are counted. Whether the decisions taken in the meantime can be reversed decides whether an attack is an expensive correction or permanent harm.",
      options: [
        {
          id: "easily_reversed",
          label:
            "Easily: decisions can be reversed quickly with little lasting harm (a hidden post, a held payment)",
          effects: { impactShift: { evasion: -1 } },
        },
        {
          id: "costly_to_reverse",
          label: "With effort: reversal needs investigation, refunds or apologies, and some harm remains",
          effects: { impact: { evasion: 3, poisoning: 3 } },
        },
        {
          id: "irreversible",
          label:
            "No: the effect is permanent (money gone, treatment given, person harmed, information published)",
          note: "Irreversible decisions are where a person in the loop is worth most.",
          effects: {
            impactShift: { evasion: 1, poisoning: 1 },
            missing: ["m.human_review", "m.monitoring_fallback"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0048.003"],
    },
    {
      id: "risk.use.consumers",
      section: "use",
      type: "multiple",
      text: "Who receives the model's predictions?",
      hint: "Every party that sees predictions can also collect them. Outsiders who gather many input–output pairs can train a copy of the model (extraction) and test which records it memorised (membership inference); people who see their own result can retry with changed inputs until it flips (evasion).",
      options: [
        {
          id: "internal_only",
          label: "Only our own staff or internal systems",
          effects: { informational: true },
        },
        {
          id: "partners",
          label: "Business partners or customers, by API or file",
          note: "Predictions leave your control; a partner's archive of outputs is enough to train a copy.",
          effects: {
            exposure: { extraction: 1 },
            assets: ["predictions"],
            missing: ["m.access_control_prod", "m.coarse_outputs"],
          },
        },
        {
          id: "affected_people",
          label: "The people the prediction is about see their own result (approved, rejected, flagged)",
          note: "Visible outcomes turn every applicant into a possible prober who can resubmit modified inputs.",
          effects: { exposure: { evasion: 1 }, missing: ["m.rate_limiting", "m.input_detection"] },
        },
        {
          id: "public",
          label: "Anyone: predictions are published or anyone can request one",
          effects: {
            exposure: { extraction: 1, membership: 1 },
            assets: ["predictions"],
            missing: ["m.rate_limiting", "m.coarse_outputs", "m.access_control_prod"],
          },
        },
      ],
      dontKnow: false,
      atlas: ["AML.T0040", "AML.T0024.002", "AML.T0024.000"],
    },
    {
      id: "risk.use.explanation_duty",
      section: "use",
      type: "single",
      text: "What must you tell people about individual decisions (by law, contract or policy)?",
      hint: "Explanations are useful for fairness and legally required in places (adverse-action notices, automated-decision rights), but they also teach attackers. Reason codes show which features to change, and counterfactual advice ('raise your income by X') hands an evader the path and leaks where training points lie.",
      options: [
        {
          id: "nothing",
          label: "Nothing beyond the outcome itself",
          effects: { informational: true },
        },
        {
          id: "general_logic",
          label: "Only the general logic of the system, not case-specific reasons",
          effects: { informational: true },
        },
        {
          id: "reason_codes",
          label: "The main reasons for each decision (top features or reason codes)",
          note: "Transparency to the person also tells an attacker which features move the decision.",
          effects: {
            exposure: { evasion: 1, extraction: 1 },
            missing: ["m.rate_limiting", "m.coarse_outputs"],
          },
        },
        {
          id: "counterfactuals",
          label: "What the person would have to change to get a different outcome",
          note: "Recourse is valuable to honest users, and it is a map for evaders and a strong extraction signal.",
          effects: {
            exposure: { evasion: 2, extraction: 2, membership: 1 },
            missing: ["m.rate_limiting", "m.input_detection", "m.coarse_outputs"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0063", "AML.T0043", "AML.T0024.002"],
    },
  ],
};
