// Attack-surface questionnaire, stage "inference": what each prediction reveals, how many queries an
// attacker can make and at what cost, how inputs are checked and what is recorded.
import type { Section } from "../../contracts/catalog.js";

export const section: Section = {
  id: "inference",
  questionnaire: "surface",
  stage: "inference",
  title: "Inference",
  intro:
    "At inference time the model does its job, and every answer teaches an attacker something. Evasion, stealing and training-data inference all iterate: send an input, read the answer, adjust. How much each answer reveals and how many answers an attacker can collect decide how far they get.",
  questions: [
    {
      id: "surface.inference.output_granularity",
      section: "inference",
      type: "single",
      text: "What does a caller get back for each prediction?",
      hint: "Full-precision scores are the richest signal an attacker can get: they let a thief fit a copy with few queries, show a membership attacker how sure the model is about a record, and guide score-based evasion step by step. A bare label still leaks, but attacks then need far more queries.",
      options: [
        {
          id: "label_only",
          label: "Only the decision or the top label",
          note: "Label-only attacks still exist; they need many more queries.",
          effects: { exposure: { extraction: -2, membership: -1, inversion: -2, evasion: -1 } },
        },
        {
          id: "top_k",
          label: "The top few labels (top-k), without full scores",
          effects: { exposure: { extraction: 1, inversion: -1 }, missing: ["m.coarse_outputs"] },
        },
        {
          id: "rounded_scores",
          label: "Scores or probabilities rounded to one or two decimals",
          effects: {
            exposure: { extraction: 2, membership: 1, inversion: 1 },
            missing: ["m.coarse_outputs", "m.rate_limiting"],
          },
        },
        {
          id: "full_probabilities",
          label: "Full-precision scores or the whole probability vector",
          note: "Consumers get calibrated confidences; so does the attacker.",
          effects: {
            exposure: { extraction: 3, membership: 2, inversion: 2, evasion: 1 },
            missing: ["m.coarse_outputs", "m.rate_limiting"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0063", "AML.T0024.000", "AML.T0024.001", "AML.T0024.002", "AML.T0043.001"],
    },
    {
      id: "surface.inference.output_type",
      section: "inference",
      type: "single",
      text: "What kind of output does the model produce?",
      hint: "Richer outputs leak more. Embedding vectors can be inverted into close approximations of the original text or image and make a copy of the model easy to train; generative models can repeat memorised training records verbatim when prompted the right way.",
      options: [
        {
          id: "prediction",
          label: "A class, score, number or ranking",
          effects: { exposure: { inversion: 0 } },
        },
        {
          id: "embeddings",
          label: "Embedding vectors that callers can see",
          effects: {
            exposure: { inversion: 2, extraction: 2, membership: 1 },
            missing: ["m.coarse_outputs", "m.access_control_prod"],
          },
        },
        {
          id: "generated_content",
          label: "Generated text, images or audio",
          effects: {
            exposure: { inversion: 2, membership: 1 },
            missing: ["m.differential_privacy", "m.feature_minimization"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.001", "AML.T0024.002", "AML.T0057"],
    },
    {
      id: "surface.inference.explanations",
      section: "inference",
      type: "single",
      text: "Which explanations of its predictions does the system give to callers?",
      hint: "An explanation is extra output. Per-prediction attributions act like gradients, guiding evasion and speeding up extraction; counterfactuals tell the caller exactly what to change to flip the decision, and may be real training records.",
      options: [
        {
          id: "none_external",
          label: "None, or only our own staff see explanations",
          effects: { exposure: { evasion: 0 } },
        },
        {
          id: "global_summary",
          label: "Only a general description of which features matter most",
          effects: { exposure: { evasion: 1 }, missing: ["m.limit_release"] },
        },
        {
          id: "per_prediction",
          label: "Per-prediction feature attributions (e.g. SHAP, LIME, saliency maps)",
          note: "Explanations may be required by regulation; they can be coarsened or given only to the data subject.",
          effects: {
            exposure: { extraction: 2, evasion: 1, membership: 1, inversion: 1 },
            missing: ["m.coarse_outputs", "m.rate_limiting"],
          },
        },
        {
          id: "counterfactuals",
          label: "Counterfactuals: what the caller would need to change to get another outcome",
          effects: {
            exposure: { evasion: 2, extraction: 2, membership: 1 },
            missing: ["m.coarse_outputs", "m.rate_limiting"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0063", "AML.T0024.002", "AML.T0043"],
    },
    {
      id: "surface.inference.decision_visibility",
      section: "inference",
      type: "single",
      text: "Even when raw outputs are hidden, can the person who sent an input see what the model decided?",
      hint: "The consequence of a decision is itself an output: a declined payment, a hidden post or a refused login tells the attacker the label. Decision-based evasion needs nothing more than this accept-or-reject signal, repeated.",
      options: [
        {
          id: "immediately",
          label: "Yes, at once (payment declined, upload blocked, login refused)",
          effects: {
            exposure: { evasion: 2, extraction: 1 },
            missing: ["m.input_detection", "m.rate_limiting", "m.human_review"],
          },
        },
        {
          id: "delayed",
          label: "Only later or indirectly (after review, in aggregate, days afterwards)",
          effects: { exposure: { evasion: 0 } },
        },
        {
          id: "not_visible",
          label: "No, the effect is invisible to them",
          effects: { exposure: { evasion: -1, extraction: -1 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0043.001", "AML.T0042", "AML.T0063"],
    },
    {
      id: "surface.inference.query_limits",
      section: "inference",
      type: "single",
      text: "Are there limits on how many predictions a client can request?",
      hint: "Black-box attacks are query-hungry: stealing a model, estimating membership with shadow models or searching for an adversarial example can take thousands to millions of queries. A global capacity limit does not stop one attacker who stays under it; per-client limits do.",
      options: [
        {
          id: "none",
          label: "No limits",
          effects: {
            exposure: { extraction: 2, membership: 1, inversion: 1, evasion: 1 },
            missing: ["m.rate_limiting"],
          },
        },
        {
          id: "global_only",
          label: "Only an overall capacity limit shared by all clients",
          effects: { exposure: { extraction: 1, evasion: 1 }, missing: ["m.rate_limiting"] },
        },
        {
          id: "per_client",
          label: "Per-client quotas or rate limits (per key, account or address)",
          effects: { exposure: { extraction: -1, membership: -1, evasion: -1 } },
        },
        {
          id: "not_exposed",
          label: "Not applicable: nobody outside the team can query the model",
          effects: { exposure: { extraction: -2, membership: -1, inversion: -1, evasion: -1 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0040", "AML.T0024.002", "AML.T0034.000"],
    },
    {
      id: "surface.inference.query_budget",
      section: "inference",
      type: "single",
      text: "Within those limits, roughly how many predictions can a single client obtain per day?",
      hint: "A limit only helps if it sits below what attacks need. A linear model over d features can be solved with d+1 score queries; decision-based evasion typically needs thousands of queries per input; a surrogate copy of a deep model needs tens of thousands.",
      showIf: [{ question: "surface.inference.query_limits", anyOf: ["global_only", "per_client"] }],
      options: [
        {
          id: "under_100",
          label: "Fewer than 100",
          effects: { exposure: { extraction: -1, evasion: -1, membership: -1 } },
        },
        {
          id: "up_to_10k",
          label: "100 to 10,000",
          effects: { exposure: { extraction: 0 } },
        },
        {
          id: "over_10k",
          label: "More than 10,000",
          effects: {
            exposure: { extraction: 1, evasion: 1, membership: 1 },
            missing: ["m.rate_limiting"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0040", "AML.T0034.000"],
    },
    {
      id: "surface.inference.query_cost",
      section: "inference",
      type: "single",
      text: "What does it cost an outsider to obtain one prediction?",
      hint: "Stealing a model pays off when the queries cost less than building the model, and iterative attacks become impractical when every query is a real loan application or a real purchase. Free, instant answers make all query-based attacks cheap.",
      options: [
        {
          id: "free",
          label: "Nothing: an automated request returns a prediction",
          effects: {
            exposure: { extraction: 1, membership: 1, evasion: 1 },
            missing: ["m.rate_limiting", "m.access_control_prod"],
          },
        },
        {
          id: "small_friction",
          label: "A little effort or money per query (captcha, small fee, paid tier)",
          effects: { exposure: { extraction: 0 } },
        },
        {
          id: "real_world_action",
          label: "A real action that costs time or money (a genuine transaction, application or visit)",
          effects: { exposure: { extraction: -2, membership: -1, evasion: -1 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0040", "AML.T0034"],
    },
    {
      id: "surface.inference.input_validation",
      section: "inference",
      type: "single",
      text: "What happens when a prediction request contains values outside the expected schema or range?",
      hint: "A model only behaves sensibly on inputs like those it was trained on. Out-of-range values, wrong sizes or impossible combinations push it into regions nobody tested, where adversarial inputs are easy to find and where probing maps the model faster. The attack lab can probe this directly.",
      options: [
        {
          id: "rejected",
          label: "The request is rejected with an error (types, ranges, sizes and formats are checked)",
          effects: { exposure: { evasion: -1 } },
        },
        {
          id: "coerced",
          label: "Values are clipped or coerced into range, then scored",
          effects: { exposure: { evasion: 0 } },
        },
        {
          id: "scored_as_sent",
          label: "The input is scored as sent",
          effects: {
            exposure: { evasion: 2, extraction: 1 },
            missing: ["m.input_restoration", "m.input_detection"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0043", "AML.T0015", "AML.T0006"],
    },
    {
      id: "surface.inference.physical_access",
      section: "inference",
      type: "single",
      text: "Who can place objects, images or sounds in front of the sensors that feed the model?",
      hint: "Physical adversarial examples, such as stickers on a road sign, a printed patch, patterned glasses or inaudible voice commands, fool models through the sensor. They must survive changes of angle, light and distance, but need no access to your systems; an attacker who controls the capturing device can even inject digital inputs directly.",
      showIf: [{ question: "surface.deployment.input_sources", anyOf: ["physical_sensors"] }],
      options: [
        {
          id: "supervised_site",
          label: "Only authorised people, in a supervised site",
          effects: { exposure: { evasion: -1 } },
        },
        {
          id: "public_space",
          label:
            "Anyone in a public or semi-public space (roads, shops, entrances, voice-controlled devices)",
          effects: {
            exposure: { evasion: 2 },
            missing: ["m.adversarial_training", "m.input_detection"],
          },
        },
        {
          id: "attacker_device",
          label:
            "The user, through their own device (phone camera, microphone), which could also be replaced by a virtual one",
          effects: {
            exposure: { evasion: 3 },
            missing: ["m.input_detection", "m.adversarial_training", "m.human_review"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0041", "AML.T0008.003", "AML.T0043", "AML.T0088"],
    },
    {
      id: "surface.inference.query_logging",
      section: "inference",
      type: "single",
      text: "What is recorded about prediction requests?",
      hint: "Stealing, membership inference and decision-based evasion leave a trail: many similar queries from one source, inputs walking along a decision boundary. Without per-caller records the attack goes unseen, and afterwards nobody can say what was taken.",
      options: [
        {
          id: "per_caller_analysed",
          label: "Each request with its caller, input and output; logs are kept and analysed for abuse",
          effects: { exposure: { extraction: -1, evasion: -1 } },
        },
        {
          id: "aggregate_only",
          label: "Only aggregate metrics (request counts, latency, error rates)",
          effects: {
            exposure: { extraction: 1 },
            missing: ["m.monitoring_fallback", "m.input_detection"],
          },
        },
        {
          id: "nothing",
          label: "Nothing, or logs are not kept long enough to investigate",
          note: "Logs of inputs may hold personal data; keep them only as long as needed.",
          effects: {
            exposure: { extraction: 1, evasion: 1, membership: 1 },
            missing: ["m.monitoring_fallback", "m.input_detection"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0040", "AML.T0024", "AML.T0015"],
    },
  ],
};
