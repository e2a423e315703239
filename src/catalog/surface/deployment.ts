// Attack-surface questionnaire, stage "deployment & integration": where the model runs, how it is
// protected on devices, who may query it, whose inputs reach it and who sees its outputs.
import type { Section } from "../../contracts/catalog.js";

const ON_DEVICE = [
  { question: "surface.deployment.model_location", anyOf: ["client_app", "edge_device", "hybrid"] },
];

export const section: Section = {
  id: "deployment",
  questionnaire: "surface",
  stage: "deployment",
  title: "Deployment & integration",
  intro:
    "Deployment decides what an attacker can touch. A model kept behind a server is a black box that must be probed query by query; a model shipped inside an app or a device can be unpacked and attacked offline. Who may call it, whose data reaches it and who sees its answers set the rest of the inference-time surface.",
  questions: [
    {
      id: "surface.deployment.model_location",
      section: "deployment",
      type: "single",
      text: "Where does the model run when it makes predictions?",
      hint: "A model shipped to phones, browsers or devices is in the attacker's hands: apps are downloaded and unpacked with ordinary tools, giving the weights for white-box evasion, a perfect copy instead of a stolen approximation, and gradients for inversion and membership attacks. Kept on a server, it can only be probed through its answers.",
      options: [
        {
          id: "server_side",
          label: "On our servers or cloud; clients send inputs and receive results",
          effects: { exposure: { evasion: -1, extraction: -1 } },
        },
        {
          id: "client_app",
          label: "Inside an app on users' devices (mobile, desktop or browser)",
          note: "On-device inference saves latency, cost and connectivity; the price is giving the model away.",
          effects: {
            exposure: { evasion: 3, extraction: 3, membership: 2, inversion: 2, attribute: 1 },
            missing: [
              "m.protect_model_artifact",
              "m.encrypt_artifacts",
              "m.adversarial_training",
              "m.differential_privacy",
            ],
          },
        },
        {
          id: "edge_device",
          label: "On edge or embedded devices (IoT, cameras, vehicles, appliances)",
          note: "A device bought or stolen by the attacker can be probed without limit and its firmware dumped.",
          effects: {
            exposure: { evasion: 3, extraction: 3, membership: 2, inversion: 2, attribute: 1 },
            missing: [
              "m.protect_model_artifact",
              "m.encrypt_artifacts",
              "m.adversarial_training",
              "m.differential_privacy",
            ],
          },
        },
        {
          id: "hybrid",
          label: "Split: part of the model (or a smaller version) on the device, part on our servers",
          effects: {
            exposure: { evasion: 2, extraction: 2, membership: 1, inversion: 1 },
            missing: ["m.protect_model_artifact", "m.encrypt_artifacts", "m.adversarial_training"],
          },
        },
      ],
      dontKnow: false,
      atlas: ["AML.T0044", "AML.T0004", "AML.T0037", "AML.T0043.000"],
    },
    {
      id: "surface.deployment.hosting",
      section: "deployment",
      type: "single",
      text: "Who operates the infrastructure that serves the server-side model?",
      hint: "The operator of the serving infrastructure can read the model, see every query and swap the model for another one. A third-party host adds its staff, its other customers and its own security to your attack surface.",
      showIf: [{ question: "surface.deployment.model_location", anyOf: ["server_side", "hybrid"] }],
      options: [
        {
          id: "on_premises",
          label: "We do, on our own premises or data centre",
          effects: { exposure: { extraction: 0 } },
        },
        {
          id: "own_cloud",
          label: "We do, in a cloud account we control (our containers or a managed endpoint)",
          effects: { exposure: { extraction: 0 } },
        },
        {
          id: "third_party_service",
          label: "A third party runs the model for us (ML-as-a-service, vendor platform)",
          effects: {
            exposure: { extraction: 1, poisoning: 1 },
            missing: ["m.access_control_data", "m.model_validation"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0010", "AML.T0075"],
    },
    {
      id: "surface.deployment.device_weights",
      section: "deployment",
      type: "single",
      text: "On the device, how hard is it to read the model's weights?",
      hint: "Reverse engineers routinely pull model files out of app packages and firmware, and hook the inference library to dump weights from memory after decryption. Only hardware-backed isolation keeps the weights out of an owner's reach.",
      showIf: ON_DEVICE,
      options: [
        {
          id: "plain_file",
          label: "Easy: the model is a plain file in the app package or firmware",
          effects: {
            exposure: { extraction: 2, evasion: 1 },
            missing: ["m.protect_model_artifact", "m.encrypt_artifacts"],
          },
        },
        {
          id: "obfuscated",
          label: "Obfuscated or encrypted, but decrypted in ordinary memory when used",
          effects: { exposure: { extraction: 1 }, missing: ["m.protect_model_artifact"] },
        },
        {
          id: "hardware_protected",
          label: "Protected by hardware (secure enclave, TEE, secure element); weights never appear in clear",
          effects: { exposure: { extraction: -1, evasion: -1 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0004", "AML.T0037", "AML.T0035", "AML.T0044"],
    },
    {
      id: "surface.deployment.device_decision_check",
      section: "deployment",
      type: "single",
      text: "Is a decision made by the on-device model checked again on the server before it takes effect?",
      hint: "With the model on their own device, an attacker can query it offline without limit until an input passes, or patch the app to skip the model and report whatever result they like. A server-side re-check, or attestation that the app is genuine, takes that control back.",
      showIf: ON_DEVICE,
      options: [
        {
          id: "server_rechecks",
          label: "Yes: the server re-scores or verifies the input, or attests the device, before acting",
          effects: { exposure: { evasion: -1 } },
        },
        {
          id: "some_decisions",
          label: "Only for some decisions",
          effects: { exposure: { evasion: 1 }, missing: ["m.protect_model_artifact", "m.input_detection"] },
        },
        {
          id: "local_only",
          label: "No: the device's decision is final",
          effects: { exposure: { evasion: 2 }, missing: ["m.protect_model_artifact", "m.input_detection"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0015", "AML.T0043.000", "AML.T0042"],
    },
    {
      id: "surface.deployment.device_updates",
      section: "deployment",
      type: "single",
      text: "How do model updates reach the devices?",
      hint: "An unsigned update channel lets anyone on the path, or with access to the update server, replace the model with a backdoored one. A model that is never updated has the opposite problem: an adversarial input found once keeps working on every device for good.",
      showIf: ON_DEVICE,
      options: [
        {
          id: "signed",
          label: "Signed updates, verified on the device before use",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "unsigned",
          label: "Downloaded or installed without signature checks",
          effects: { exposure: { poisoning: 2 }, missing: ["m.verify_artifacts"] },
        },
        {
          id: "never_updated",
          label: "Devices keep the model they were shipped with",
          effects: {
            exposure: { evasion: 1 },
            missing: ["m.adversarial_training", "m.monitoring_fallback"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0010.003", "AML.T0018"],
    },
    {
      id: "surface.deployment.api_exposure",
      section: "deployment",
      type: "single",
      text: "Who can send queries to the model's prediction interface?",
      hint: "Black-box attacks need nothing but query access: model stealing, membership inference and score-based evasion all work by sending many inputs and studying the answers. The wider and more anonymous the access, the cheaper and less traceable those attacks are.",
      options: [
        {
          id: "public_anonymous",
          label: "Anyone on the internet, without an account",
          effects: {
            exposure: { extraction: 2, membership: 2, inversion: 1, attribute: 1, evasion: 1 },
            missing: ["m.access_control_prod", "m.rate_limiting"],
          },
        },
        {
          id: "public_authenticated",
          label: "Anyone who signs up or pays (API key or user account)",
          effects: {
            exposure: { extraction: 1, membership: 1, inversion: 1 },
            missing: ["m.access_control_prod", "m.rate_limiting"],
          },
        },
        {
          id: "partners",
          label: "Selected partners or customers under contract",
          effects: { exposure: { extraction: 0, membership: 0 } },
        },
        {
          id: "internal_only",
          label: "Only our internal systems and staff",
          effects: { exposure: { extraction: -1, membership: -1, evasion: -1 } },
        },
        {
          id: "no_api",
          label: "Nobody: there is no callable interface (batch jobs, or the model is embedded)",
          effects: { exposure: { extraction: -2, membership: -2, inversion: -1, evasion: -1 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0040", "AML.T0049", "AML.T0047"],
    },
    {
      id: "surface.deployment.api_credentials",
      section: "deployment",
      type: "single",
      text: "How hard is it to obtain a working credential for the prediction API?",
      hint: "Per-client limits are only as strong as the cost of becoming a new client. If keys are free and instant, an attacker opens many accounts and spreads thousands of queries across them, each staying under the radar.",
      showIf: [{ question: "surface.deployment.api_exposure", anyOf: ["public_authenticated", "partners"] }],
      options: [
        {
          id: "free_self_service",
          label: "Free self-service sign-up; many accounts are easy to create",
          effects: {
            exposure: { extraction: 1, membership: 1, evasion: 1 },
            missing: ["m.access_control_prod", "m.rate_limiting"],
          },
        },
        {
          id: "paid_or_verified",
          label: "Self-service, but each account needs payment or a verified identity",
          effects: { exposure: { extraction: 0 } },
        },
        {
          id: "issued_after_vetting",
          label: "Keys are issued by us only after a contract or vetting",
          effects: { exposure: { extraction: -1, membership: -1 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0021", "AML.T0012"],
    },
    {
      id: "surface.deployment.input_sources",
      section: "deployment",
      type: "multiple",
      text: "Whose data ends up as model input at prediction time? Select all that apply.",
      hint: "Whoever shapes an input can try to evade the model. Inputs from trusted internal systems require a prior compromise; content written by outsiders, such as an e-mail sent to your customer or a file on a scanned share, reaches the model without the attacker ever having an account.",
      options: [
        {
          id: "internal_systems",
          label: "Only our own internal systems",
          effects: { exposure: { evasion: 0 } },
        },
        {
          id: "signed_in_users",
          label: "Our signed-in users or customers",
          effects: { exposure: { evasion: 1 }, missing: ["m.input_detection", "m.adversarial_training"] },
        },
        {
          id: "anonymous_public",
          label: "Anyone, without signing in (public forms, open endpoints)",
          effects: {
            exposure: { evasion: 2 },
            missing: ["m.input_detection", "m.adversarial_training", "m.adversarial_testing"],
          },
        },
        {
          id: "outside_content",
          label:
            "Content written by outsiders who are not our users (e-mails, documents, web pages, files, traffic)",
          effects: {
            exposure: { evasion: 2 },
            missing: ["m.input_detection", "m.adversarial_training", "m.input_restoration"],
          },
        },
        {
          id: "physical_sensors",
          label:
            "Physical-world signals captured by sensors (cameras, microphones, LiDAR, industrial sensors)",
          effects: { exposure: { evasion: 1 }, missing: ["m.adversarial_training", "m.input_detection"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0015", "AML.T0043", "AML.T0041"],
    },
    {
      id: "surface.deployment.output_consumers",
      section: "deployment",
      type: "multiple",
      text: "Who receives the model's outputs (scores, labels, rankings)? Select all that apply.",
      hint: "Outputs are what stealing and inference attacks learn from. If only trusted internal systems consume them, an attacker has nothing to study; every outside party that sees the outputs is someone who can collect input-output pairs.",
      options: [
        {
          id: "internal_systems",
          label: "Internal systems only; outputs never leave them",
          effects: { exposure: { extraction: 0 } },
        },
        {
          id: "internal_staff",
          label: "Our staff (analysts, reviewers, operators)",
          effects: { exposure: { extraction: 0 } },
        },
        {
          id: "submitter",
          label: "The person or system that sent the input",
          effects: {
            exposure: { extraction: 1, membership: 1 },
            missing: ["m.coarse_outputs", "m.rate_limiting"],
          },
        },
        {
          id: "other_parties",
          label: "Other customers, partners or downstream services",
          effects: {
            exposure: { extraction: 1, membership: 1 },
            missing: ["m.coarse_outputs", "m.access_control_prod"],
          },
        },
        {
          id: "public",
          label: "The public (published scores, rankings or ratings)",
          effects: {
            exposure: { membership: 1, inversion: 1, attribute: 1 },
            missing: ["m.coarse_outputs", "m.feature_minimization"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0063", "AML.T0024"],
    },
    {
      id: "surface.deployment.feature_computation",
      section: "deployment",
      type: "single",
      text: "Where are the model's features computed from raw inputs?",
      hint: "If callers send ready-made feature vectors, they skip every real-world constraint: they can place a point anywhere in feature space, including values no genuine input could produce. That is exactly what boundary-searching evasion and equation-solving extraction need.",
      options: [
        {
          id: "our_side",
          label: "On our side, from raw data; callers cannot send feature values",
          effects: { exposure: { evasion: -1 } },
        },
        {
          id: "mixed",
          label: "Partly: some features arrive precomputed from the caller",
          effects: { exposure: { evasion: 1 }, missing: ["m.input_restoration", "m.input_detection"] },
        },
        {
          id: "caller_side",
          label: "On the caller's side: callers send ready-made feature vectors",
          effects: {
            exposure: { evasion: 2, extraction: 1 },
            missing: ["m.input_restoration", "m.input_detection"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0043", "AML.T0024.002"],
    },
    {
      id: "surface.deployment.model_versions",
      section: "deployment",
      type: "single",
      text: "Can callers reach more than one version of the model?",
      hint: "Comparing two versions trained on data that differs by recent records reveals which records were added, a differencing attack on membership. Forgotten staging, debug or legacy endpoints often lack the limits and output coarsening of the main one.",
      options: [
        {
          id: "single",
          label: "No: one version serves all traffic and old ones are shut down",
          effects: { exposure: { membership: 0 } },
        },
        {
          id: "routed_by_us",
          label: "Several versions run (A/B tests, canaries), but routing is ours and invisible to callers",
          effects: { exposure: { membership: 0 } },
        },
        {
          id: "selectable",
          label: "Yes: callers can pick a version, or old, staging or debug endpoints stay reachable",
          effects: {
            exposure: { extraction: 1, membership: 1, evasion: 1 },
            missing: ["m.access_control_prod", "m.limit_release"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0006", "AML.T0007", "AML.T0024.000"],
    },
  ],
};
