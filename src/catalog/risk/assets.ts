// Risk questionnaire, section "assets": what is worth protecting — the model, its training data and
// the predictions — and how far a compromise of one of them would spread.
import type { Section } from "../../contracts/catalog.js";

export const section: Section = {
  id: "assets",
  questionnaire: "risk",
  title: "Assets at stake",
  intro:
    "Adversarial attacks target three assets: the model (stolen or corrupted), the data it was trained on (leaked through the model) and the predictions (manipulated or harvested). These questions weigh each of them.",
  questions: [
    {
      id: "risk.assets.model_investment",
      section: "assets",
      type: "scale",
      text: "What would it take to rebuild the current model from scratch?",
      hint: "Extraction attacks let a thief skip the expensive part of ML: collecting and labelling data, experiments and compute. The more the model cost to build, the more a copy is worth to a competitor, and the more a few thousand API queries are worth to an attacker.",
      options: [
        {
          id: "public_model",
          label: "Nothing: it is a public pre-trained model used as is",
          note: "Attackers can download the same model and craft attacks on it offline.",
          effects: { impact: { extraction: 1 } },
        },
        {
          id: "days",
          label: "Days of work on public or cheap data",
          effects: { impact: { extraction: 2 }, assets: ["model"] },
        },
        {
          id: "months",
          label: "Months of data-science work, or proprietary data",
          effects: { impact: { extraction: 3 }, assets: ["model"] },
        },
        {
          id: "major_investment",
          label: "A major investment: expert labelling, unique data, large compute budgets",
          effects: { impact: { extraction: 4 }, assets: ["model"] },
        },
        {
          id: "irreplaceable",
          label: "It could not be rebuilt: it rests on years of data nobody else has",
          effects: { impact: { extraction: 5 }, assets: ["model"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.002", "AML.T0048.004"],
    },
    {
      id: "risk.assets.model_reuse",
      section: "assets",
      type: "single",
      text: "Is this model, or its training data, used beyond this one system?",
      hint: "A backdoor planted once travels with every copy: a poisoned base model passes its trigger on to every product fine-tuned from it, and a shared training set poisons every model built on it. Reuse multiplies the damage of a single poisoning.",
      options: [
        {
          id: "single_system",
          label: "No, it serves this system only",
          effects: { informational: true },
        },
        {
          id: "several_internal",
          label: "Yes, several of our products or teams use it or build on it",
          effects: {
            impactShift: { poisoning: 1 },
            assets: ["model"],
            missing: ["m.model_validation"],
          },
        },
        {
          id: "shared_externally",
          label: "Yes, it is licensed, sold or published for others to use or fine-tune",
          note: "Every licensee is another place a copy can leak from, and a backdoor reaches all of them.",
          effects: {
            impactShift: { poisoning: 1 },
            impact: { extraction: 3 },
            assets: ["model"],
            missing: ["m.model_validation"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0010.003", "AML.T0018.000"],
    },
    {
      id: "risk.assets.training_data_content",
      section: "assets",
      type: "multiple",
      text: "What kinds of personal data does the training data contain?",
      hint: "Models memorise parts of their training data, and inference attacks get it back out. Under data-protection law such as the GDPR, pseudonymised records are still personal data, and health, biometric or ethnic data are special categories with the strictest rules, so what is in the training set sets the stakes of every leak.",
      options: [
        {
          id: "no_personal_data",
          label: "No personal data (machine, market or public data, or properly anonymised records)",
          effects: { informational: true },
        },
        {
          id: "personal_data",
          label:
            "Ordinary personal data, including pseudonymised records (contact details, behaviour, purchases)",
          effects: { impact: { membership: 3, inversion: 3, attribute: 3 }, assets: ["training_data"] },
        },
        {
          id: "sensitive_personal",
          label: "Financial data, precise locations, communications or criminal records",
          effects: { impact: { membership: 4, inversion: 4, attribute: 4 }, assets: ["training_data"] },
        },
        {
          id: "special_category",
          label:
            "Special categories: health, genetic, biometric, ethnic origin, religion, political views, sex life",
          effects: { impact: { membership: 5, inversion: 5, attribute: 5 }, assets: ["training_data"] },
        },
        {
          id: "children",
          label: "Data about children",
          effects: { impact: { membership: 4, inversion: 4, attribute: 4 }, assets: ["training_data"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.000", "AML.T0024.001"],
    },
    {
      id: "risk.assets.data_obligations",
      section: "assets",
      type: "multiple",
      text: "Is the training data covered by confidentiality or use restrictions towards others?",
      hint: "Data that leaks through a model still counts as disclosed. Reconstructing a customer's documents, a licensed dataset or your own trade secrets from model outputs can breach contracts and licences just as a stolen database would.",
      options: [
        {
          id: "none",
          label: "No: the data is ours, with no obligations attached",
          effects: { informational: true },
        },
        {
          id: "trade_secrets",
          label: "It contains our own trade secrets (designs, prices, source code, strategy)",
          effects: { impact: { inversion: 3 }, assets: ["training_data"] },
        },
        {
          id: "customer_confidential",
          label: "It contains customers' data under contract or non-disclosure agreement",
          effects: { impact: { inversion: 4, membership: 3 }, assets: ["training_data"] },
        },
        {
          id: "licensed",
          label: "It includes licensed third-party datasets with restrictions on use or redistribution",
          effects: { impact: { inversion: 3 }, assets: ["training_data"] },
        },
        {
          id: "purpose_limited",
          label: "It includes personal data collected for a purpose that rules out disclosure to others",
          effects: { impact: { membership: 3, attribute: 3 }, assets: ["training_data"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.001", "AML.T0024"],
    },
    {
      id: "risk.assets.predictions_value",
      section: "assets",
      type: "multiple",
      text: "Are the predictions themselves sensitive or valuable?",
      hint: "Predictions can be assets in their own right. A prediction about a person (a health risk, a credit score) is personal data, and anyone who can query the model about someone whose details they know learns it; predictions that customers pay for are what extraction attacks harvest.",
      options: [
        {
          id: "not_sensitive",
          label: "No: the predictions are neither personal nor commercially valuable",
          effects: { informational: true },
        },
        {
          id: "sensitive_inferences",
          label:
            "They are sensitive inferences about people (health risk, creditworthiness, likely pregnancy)",
          note: "Anyone able to submit a known person's details learns the sensitive inference.",
          effects: { impact: { attribute: 4 }, assets: ["predictions"] },
        },
        {
          id: "paid_for",
          label: "Customers pay for them (scores, forecasts, ratings sold per query or by subscription)",
          effects: { impact: { extraction: 3 }, assets: ["predictions"] },
        },
        {
          id: "trusted_as_fact",
          label:
            "Others rely on them as authoritative (official decisions, safety signals, published ratings)",
          effects: { impact: { evasion: 3, poisoning: 3 }, assets: ["predictions"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024", "AML.T0048.003"],
    },
  ],
};
