// Risk questionnaire, section "damage": what a successful attack of each class would cost the
// business, the people affected and society. Answers set the impact level (1..5) per attack class.
import type { Asset, AttackClass, Option, Section } from "../../contracts/catalog.js";

type Level = readonly [id: string, label: string, note?: string];

/** Options of a five-level severity scale; the n-th option sets impact n on `classes`. */
function severity(classes: readonly AttackClass[], assets: Asset[], levels: readonly Level[]): Option[] {
  return levels.map(([id, label, note], i) => ({
    id,
    label,
    ...(note ? { note } : {}),
    effects: {
      impact: Object.fromEntries(classes.map((c) => [c, i + 1])),
      ...(i > 0 ? { assets } : {}),
    },
  }));
}

export const section: Section = {
  id: "damage",
  questionnaire: "risk",
  title: "Damage of a successful attack",
  intro:
    "Picture each attack as having succeeded, then judge the worst realistic damage to the business, to the people affected and to society. Answer 'don't know' rather than guess: it is listed as a gap to close.",
  questions: [
    {
      id: "risk.damage.evasion",
      section: "damage",
      type: "scale",
      text: "If attackers could make the model give the answer they want on inputs they choose, how bad would it be?",
      hint: "Evasion means crafting inputs, often with changes a person would not notice, that the model gets wrong: a fraudulent payment scored as normal, a banned image that passes moderation, a road sign misread by a vehicle. The attacker only needs to query the model, or a copy of it, to find such inputs.",
      options: severity(
        ["evasion"],
        ["predictions"],
        [
          ["negligible", "Negligible: an odd wrong answer, corrected at no real cost"],
          ["minor", "Minor: small losses or annoyance for a few people, no lasting harm"],
          ["moderate", "Moderate: noticeable financial loss or unfair treatment of some people, fixable"],
          [
            "serious",
            "Serious: large losses, people denied rights or services, regulatory breach, public attention",
          ],
          ["severe", "Severe: injury or death, systematic fraud, or harm to many people at once"],
        ],
      ),
      dontKnow: true,
      atlas: ["AML.T0015", "AML.T0043", "AML.T0048"],
    },
    {
      id: "risk.damage.poisoning",
      section: "damage",
      type: "scale",
      text: "If the model were corrupted through its training data or training process and kept running until noticed, how bad would it be?",
      hint: "Poisoning plants bad examples or labels so that the model degrades for everyone, or hides a backdoor: normal behaviour until an input carries the attacker's trigger. Because the model looks healthy on ordinary tests, a backdoor can serve the attacker for a long time.",
      options: severity(
        ["poisoning"],
        ["model", "predictions"],
        [
          ["negligible", "Negligible: poor outputs would be spotted and the model replaced at little cost"],
          ["minor", "Minor: some wrong outputs for a while, cheap to correct"],
          ["moderate", "Moderate: a period of wrong decisions with real but recoverable losses"],
          [
            "serious",
            "Serious: a hidden backdoor lets attackers pass at will, or many decisions are wrong before anyone notices",
          ],
          ["severe", "Severe: safety incidents, discrimination at scale, or collapse of a critical service"],
        ],
      ),
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0018.000", "AML.T0043.004", "AML.T0031"],
    },
    {
      id: "risk.damage.extraction",
      section: "damage",
      type: "scale",
      text: "If someone obtained a working copy of the model, what would that cost you?",
      hint: "Model stealing trains a surrogate on the answers of your prediction API, or copies weights from a device or a leaked artifact. The thief gets your investment for the price of the queries and a private replica on which to rehearse evasion attacks before using them on you.",
      options: [
        {
          id: "nothing",
          label: "Nothing: the model is public or a commodity anyone can rebuild",
          effects: { impact: { extraction: 1 } },
        },
        {
          id: "attack_rehearsal",
          label: "Little directly; the copy would mainly help attackers prepare evasion offline",
          effects: { impact: { extraction: 2 }, assets: ["model"] },
        },
        {
          id: "lost_revenue",
          label: "Lost revenue: others could offer or use the same predictions without paying us",
          effects: { impact: { extraction: 3 }, assets: ["model"] },
        },
        {
          id: "competitive_edge",
          label: "A competitor would gain our main differentiator and years of work",
          effects: { impact: { extraction: 4 }, assets: ["model"] },
        },
        {
          id: "core_business",
          label: "The model is the product; a copy would threaten the business itself",
          effects: { impact: { extraction: 5 }, assets: ["model"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.002", "AML.T0048.004", "AML.T0005.001"],
    },
    {
      id: "risk.damage.membership",
      section: "damage",
      type: "scale",
      text: "How harmful would it be if someone learned that a particular person or record was in the training data?",
      hint: "Membership inference tells whether a given record was used for training, typically because the model is more confident on examples it has seen. That alone can be a disclosure: being in the training set of a clinic's model, a fraud model or a debt-collection model says something about the person.",
      options: [
        {
          id: "nothing",
          label: "Nothing: no personal or confidential records, or membership is public anyway",
          effects: { impact: { membership: 1 } },
        },
        {
          id: "mild",
          label: "Mild: it reveals an ordinary relationship (a customer of a large retailer)",
          effects: { impact: { membership: 2 }, assets: ["training_data"] },
        },
        {
          id: "revealing",
          label:
            "Revealing: it shows something private (a customer of a specific bank, a user of a dating service)",
          effects: { impact: { membership: 3 }, assets: ["training_data"] },
        },
        {
          id: "sensitive",
          label: "Sensitive: it exposes financial trouble, legal problems or a suspected fraud case",
          effects: { impact: { membership: 4 }, assets: ["training_data"] },
        },
        {
          id: "special_category",
          label: "Very sensitive: it reveals health, sexuality, religion or a similar special category",
          effects: { impact: { membership: 5 }, assets: ["training_data"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.000"],
    },
    {
      id: "risk.damage.reconstruction",
      section: "damage",
      type: "scale",
      text: "How harmful would it be if someone reconstructed training records from the model, or deduced a hidden attribute of a known person through it?",
      hint: "Model inversion rebuilds representative training inputs, such as a recognisable face from a face-recognition model. Attribute inference starts from what the attacker knows about someone and uses the model to fill in what they do not, such as income or a diagnosis. Both turn the model into a leak of the data it was trained on.",
      options: severity(
        ["inversion", "attribute"],
        ["training_data"],
        [
          ["negligible", "Negligible: the data is public or synthetic"],
          ["minor", "Minor: internal data of little value to others"],
          [
            "moderate",
            "Moderate: ordinary personal data (contact details, purchases) or confidential business data",
          ],
          ["serious", "Serious: financial data, precise locations, faces or other biometrics, trade secrets"],
          [
            "severe",
            "Severe: health, genetic, sexual, religious or ethnic data, or data about children",
            "Special-category data triggers the strictest duties and the highest fines under data-protection law.",
          ],
        ],
      ),
      dontKnow: true,
      atlas: ["AML.T0024.001", "AML.T0024"],
    },
    {
      id: "risk.damage.availability",
      section: "damage",
      type: "scale",
      text: "If the model had to be switched off or its outputs ignored for a week, for example while a suspected poisoning is investigated, what would happen?",
      hint: "Indiscriminate poisoning aims to make a model useless, and the safe reaction to any suspected poisoning is to stop trusting the model. How much the business depends on the model decides what such an attack, or your own precaution, costs.",
      options: [
        {
          id: "no_effect",
          label: "Little: a manual process, simple rules or an earlier model take over",
          effects: { impact: { poisoning: 1 } },
        },
        {
          id: "slower",
          label: "The service continues, slower or at higher cost",
          effects: { impact: { poisoning: 2 }, assets: ["service"] },
        },
        {
          id: "degraded",
          label: "Degraded service: backlogs, lost revenue, unhappy customers",
          effects: { impact: { poisoning: 3 }, assets: ["service"] },
        },
        {
          id: "halted",
          label: "The business process stops, with contractual penalties or major revenue loss",
          note: "Without a fallback, the team is tempted to keep a suspect model running.",
          effects: { impact: { poisoning: 4 }, assets: ["service"], missing: ["m.monitoring_fallback"] },
        },
        {
          id: "essential_service",
          label: "Safety or an essential public service is affected",
          effects: { impact: { poisoning: 5 }, assets: ["service"], missing: ["m.monitoring_fallback"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0029", "AML.T0031"],
    },
    {
      id: "risk.damage.legal_consequences",
      section: "damage",
      type: "multiple",
      text: "Which legal or contractual consequences could a successful attack trigger?",
      hint: "Attacks on ML systems are not only technical incidents. Reconstructed or inferred personal data can be a reportable data breach, a high-risk system that fails under attack can breach AI-law robustness duties, and a model copied because it was left unprotected may lose trade-secret protection.",
      options: [
        {
          id: "privacy_breach",
          label: "A personal-data breach to report to a data-protection authority or to the people concerned",
          effects: { impact: { membership: 4, inversion: 4, attribute: 4 }, assets: ["training_data"] },
        },
        {
          id: "ai_or_sector_sanctions",
          label:
            "Sanctions by an AI or sector supervisor for a system that was not robust or accurate enough",
          effects: { impact: { evasion: 4, poisoning: 4 } },
        },
        {
          id: "product_liability",
          label: "Liability for injury or damage to property caused by a wrong output",
          effects: { impact: { evasion: 5, poisoning: 5 } },
        },
        {
          id: "contract_penalties",
          label: "Breach of contracts or service levels towards customers",
          effects: { impact: { evasion: 3, poisoning: 3 }, assets: ["service"] },
        },
        {
          id: "trade_secret_loss",
          label: "Loss of trade secrets or of licensed intellectual property",
          effects: { impact: { extraction: 4, inversion: 3 }, assets: ["model"] },
        },
        {
          id: "none_significant",
          label: "None of these",
          effects: { informational: true },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0048", "AML.T0048.004"],
    },
    {
      id: "risk.damage.societal_reach",
      section: "damage",
      type: "scale",
      text: "If a successful attack on the system became public, how far would the harm reach beyond those directly affected?",
      hint: "A manipulated model can cost trust well beyond its own users: a fooled medical model shakes trust in medical AI, a poisoned news or moderation model can sway public debate. Attackers with political aims pick exactly these systems for the reach.",
      options: [
        {
          id: "contained",
          label: "Contained: only the parties directly involved would know or care",
          effects: { informational: true },
        },
        {
          id: "reputational",
          label: "Reputational: press coverage and lost trust in our organisation",
          effects: { impact: { evasion: 3, poisoning: 3 } },
        },
        {
          id: "sector_trust",
          label: "Sector-wide: lost trust in a whole kind of service (online banking, medical AI, e-voting)",
          effects: { impact: { evasion: 4, poisoning: 4 } },
        },
        {
          id: "societal",
          label: "Societal: public safety, democratic processes or discrimination at scale",
          effects: { impact: { evasion: 5, poisoning: 5 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0048.001", "AML.T0048.002"],
    },
  ],
};
