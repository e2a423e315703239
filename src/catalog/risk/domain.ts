// Risk questionnaire, section "domain": where the ML system is used, how critical that use is,
// who is affected by it and who would gain from attacking it.
import type { Section } from "../../contracts/catalog.js";

export const section: Section = {
  id: "domain",
  questionnaire: "risk",
  title: "Application domain & criticality",
  intro:
    "The same attack does very different damage in a movie recommender and in a triage system. These questions place the system in its domain, its regulatory class, and the people who live with its outputs.",
  questions: [
    {
      id: "risk.domain.sector",
      section: "domain",
      type: "single",
      text: "In which application domain is the ML system mainly used?",
      hint: "Attackers follow the money and the leverage: fraud and spam models face constant evasion, medical and biometric models hold data worth stealing. The domain also groups your answers with comparable systems in the global trends.",
      options: [
        { id: "finance", label: "Finance, banking, insurance, payments", effects: { informational: true } },
        { id: "healthcare", label: "Healthcare, medicine, life sciences", effects: { informational: true } },
        {
          id: "public_sector",
          label: "Public sector, justice, social services, migration",
          effects: { informational: true },
        },
        {
          id: "critical_infrastructure",
          label: "Critical infrastructure (energy, water, telecom, digital infrastructure)",
          effects: { informational: true },
        },
        {
          id: "transport",
          label: "Transport, automotive, aviation, logistics",
          effects: { informational: true },
        },
        {
          id: "security",
          label: "Security (fraud, malware, intrusion or spam detection, identity verification)",
          effects: { informational: true },
        },
        {
          id: "hr_education",
          label: "Human resources, hiring, education, exams",
          effects: { informational: true },
        },
        {
          id: "ecommerce_marketing",
          label: "E-commerce, advertising, marketing, recommendations",
          effects: { informational: true },
        },
        {
          id: "media_social",
          label: "Media, social networks, content moderation",
          effects: { informational: true },
        },
        {
          id: "industry_iot",
          label: "Manufacturing, industrial IoT, predictive maintenance",
          effects: { informational: true },
        },
        { id: "other", label: "Another domain", effects: { informational: true } },
      ],
      dontKnow: false,
      atlas: [],
    },
    {
      id: "risk.domain.regulatory_class",
      section: "domain",
      type: "single",
      text: "How is the system classified under AI or sector regulation (for example the EU AI Act)?",
      hint: "Regulators already treat some uses as high-risk because a wrong output harms health, safety or fundamental rights. The EU AI Act even requires high-risk systems to resist data poisoning, adversarial examples and confidentiality attacks, so a successful attack there is also a compliance failure.",
      options: [
        {
          id: "safety_component",
          label: "Safety component of a regulated product (medical device, vehicle, machinery, aircraft)",
          note: "A manipulated output can injure people; the product's safety case depends on the model.",
          effects: { impact: { evasion: 4, poisoning: 4 }, assets: ["predictions"] },
        },
        {
          id: "high_risk_use",
          label:
            "A listed high-risk use (credit scoring, hiring, education, essential services, law enforcement, migration, biometrics, critical infrastructure)",
          note: "Wrong decisions deny people rights or services and carry regulatory duties on robustness.",
          effects: { impact: { evasion: 4, poisoning: 4 }, assets: ["predictions"] },
        },
        {
          id: "sector_regulated",
          label:
            "Not high-risk under AI law, but supervised by a sector regulator (banking, insurance, telecom)",
          effects: { impact: { evasion: 3, poisoning: 3 } },
        },
        {
          id: "transparency_only",
          label: "Only transparency duties (chatbot disclosure, labelling of generated content)",
          effects: { impact: { evasion: 2, poisoning: 2 } },
        },
        {
          id: "minimal",
          label: "No specific obligations (internal analytics, spam filtering, product recommendations)",
          note: "Low regulatory weight does not mean low business damage; the damage questions cover that.",
          effects: { informational: true },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0048"],
    },
    {
      id: "risk.domain.affected_count",
      section: "domain",
      type: "scale",
      text: "How many people are affected by the system's outputs in a year?",
      hint: "A poisoned or backdoored model misbehaves for everyone it serves until someone notices, so the number of people behind its outputs sets the scale of the harm. Evasion is usually targeted, but a working trick spreads quickly once shared.",
      options: [
        { id: "up_to_1k", label: "Up to a thousand", effects: { informational: true } },
        {
          id: "from_1k_to_100k",
          label: "A thousand to a hundred thousand",
          effects: { impact: { poisoning: 2 } },
        },
        {
          id: "from_100k_to_10m",
          label: "A hundred thousand to ten million",
          effects: { impact: { poisoning: 3, evasion: 2 } },
        },
        {
          id: "over_10m",
          label: "More than ten million, or a whole population",
          effects: { impact: { poisoning: 4, evasion: 3 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0048.002"],
    },
    {
      id: "risk.domain.affected_groups",
      section: "domain",
      type: "multiple",
      text: "Who bears the consequences of the system's outputs?",
      hint: "Harm weighs more when it falls on people who cannot spot or contest a wrong decision: patients, children, job seekers, bystanders of a vehicle. Attacks on systems that serve them count as user and societal harm, not only business loss.",
      options: [
        { id: "internal_staff", label: "Our own staff", effects: { informational: true } },
        {
          id: "business_customers",
          label: "Business customers or partners",
          effects: { informational: true },
        },
        {
          id: "consumers",
          label: "Consumers or citizens",
          effects: { impact: { evasion: 2, poisoning: 2 } },
        },
        {
          id: "vulnerable_people",
          label: "Vulnerable people (children, patients, people in financial distress, job applicants)",
          effects: { impact: { evasion: 3, poisoning: 3 } },
        },
        {
          id: "bystanders",
          label: "Bystanders who never chose to use the system (road users, people under surveillance)",
          effects: { impact: { evasion: 3, poisoning: 3 } },
        },
      ],
      dontKnow: false,
      atlas: ["AML.T0048.003", "AML.T0048.002"],
    },
    {
      id: "risk.domain.adversary_motivation",
      section: "domain",
      type: "multiple",
      text: "Who would gain from attacking this system?",
      hint: "Adversarial attacks cost effort, so they happen where someone profits. People judged by the model want to evade it, competitors want a free copy, data brokers want what the training data reveals, and saboteurs want the model to fail; each motive points at a different attack.",
      options: [
        {
          id: "decision_subjects",
          label:
            "People the model judges would gain from a different answer (fraudsters, spammers, malware authors, applicants)",
          note: "Motivated subjects probe the model patiently until they find inputs that pass.",
          effects: {
            exposure: { evasion: 1 },
            missing: ["m.adversarial_training", "m.input_detection", "m.human_review"],
          },
        },
        {
          id: "competitors",
          label: "Competitors would gain from a copy of the model or of its behaviour",
          effects: {
            exposure: { extraction: 1 },
            missing: ["m.rate_limiting", "m.coarse_outputs", "m.access_control_prod"],
          },
        },
        {
          id: "data_seekers",
          label:
            "Someone would gain from learning about the people in the training data (data brokers, stalkers, insurers)",
          effects: {
            exposure: { membership: 1, inversion: 1, attribute: 1 },
            missing: ["m.differential_privacy", "m.feature_minimization"],
          },
        },
        {
          id: "saboteurs",
          label:
            "Someone would gain from making the system fail or discriminate (activists, insiders, extortionists, state actors)",
          effects: {
            exposure: { poisoning: 1 },
            missing: ["m.data_sanitization", "m.access_control_data", "m.model_validation"],
          },
        },
        {
          id: "no_one_obvious",
          label: "No one obvious",
          note: "Attackers also strike for reasons you did not foresee, so this answer does not lower any risk.",
          effects: { informational: true },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0015", "AML.T0024.002", "AML.T0024.000", "AML.T0020"],
    },
  ],
};
