// Attack-surface questionnaire, stage "training": pre-trained models, libraries, model formats,
// training platforms, who controls the pipeline, where models are kept and how often they change.
import type { Section } from "../../contracts/catalog.js";

export const section: Section = {
  id: "training",
  questionnaire: "surface",
  stage: "training",
  title: "Training",
  intro:
    "Training turns data into a model, and every party involved in it can change the result: the publisher of a pre-trained model, the authors of the libraries, the platform that runs the job, the people who can start it. Each retraining is another chance to poison the model.",
  questions: [
    {
      id: "surface.training.pretrained_source",
      section: "training",
      type: "single",
      text: "Is the model built on a pre-trained model, and where does that model come from?",
      hint: "A pre-trained model carries whatever its trainer put into it, including backdoors that survive fine-tuning, and loading some formats runs code. A public base also hands attackers a copy of most of your model: they craft adversarial examples on it and they transfer.",
      options: [
        {
          id: "none",
          label: "No, the model is trained from scratch",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "internal",
          label: "Yes, a model we pre-trained ourselves",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "verified_public",
          label: "Yes, a public model from a known publisher, pinned and checked by hash or signature",
          effects: {
            exposure: { poisoning: 1, evasion: 1, extraction: 1 },
            missing: ["m.model_validation", "m.adversarial_training", "m.rate_limiting"],
          },
        },
        {
          id: "unverified_public",
          label: "Yes, a public model downloaded without checking its publisher or integrity",
          note: "Model hubs have hosted look-alike uploads and models that run code when loaded.",
          effects: {
            exposure: { poisoning: 3, evasion: 2, extraction: 1 },
            missing: ["m.verify_artifacts", "m.model_validation", "m.adversarial_training"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0010.003", "AML.T0058", "AML.T0005.002", "AML.T0043.002"],
    },
    {
      id: "surface.training.finetune_depth",
      section: "training",
      type: "single",
      text: "How much of the public pre-trained model do you change when you train?",
      hint: "The closer your model stays to the public one, the better attacks prepared on the public copy work on yours. With frozen public features an attacker computes adversarial examples against the very feature extractor you run, and a backdoor planted in it is untouched by your training.",
      showIf: [
        { question: "surface.training.pretrained_source", anyOf: ["verified_public", "unverified_public"] },
      ],
      options: [
        {
          id: "frozen",
          label: "Only a new output layer on top of the frozen public model",
          effects: {
            exposure: { evasion: 2, poisoning: 1 },
            missing: ["m.adversarial_training", "m.model_validation"],
          },
        },
        {
          id: "partial",
          label: "Some layers, or small adapters (e.g. LoRA), are fine-tuned",
          effects: {
            exposure: { evasion: 1, poisoning: 1 },
            missing: ["m.adversarial_training", "m.model_validation"],
          },
        },
        {
          id: "full",
          label: "All weights are fine-tuned on our data",
          effects: { exposure: { evasion: 0 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0005.002", "AML.T0043.002", "AML.T0018.000"],
    },
    {
      id: "surface.training.libraries",
      section: "training",
      type: "single",
      text: "How are the ML libraries and tools used for training obtained and kept up to date?",
      hint: "Training code runs with access to all data and weights. A malicious or hijacked package, a typo-squatted name or an unpinned dependency that silently updates can alter the model, plant a backdoor or copy the data out without any change to your own code.",
      options: [
        {
          id: "pinned_mainstream",
          label: "Well-known frameworks from official registries, versions pinned with lock files and hashes",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "unpinned_mainstream",
          label: "Well-known frameworks, but versions float or are installed by hand",
          effects: { exposure: { poisoning: 1 }, missing: ["m.verify_artifacts"] },
        },
        {
          id: "unvetted",
          label: "Also small or unmaintained packages, forks, or code copied from notebooks and forums",
          effects: {
            exposure: { poisoning: 2, extraction: 1 },
            missing: ["m.verify_artifacts", "m.security_training"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0010.001", "AML.T0011.001"],
    },
    {
      id: "surface.training.model_format",
      section: "training",
      type: "single",
      text: "In which format are models and checkpoints saved and loaded?",
      hint: "Pickle-based formats (pickle, joblib, full torch.load) execute code while loading. Whoever can write such a file, or hand you one, runs code in your training or serving environment and can swap weights or install a backdoor; data-only formats remove that path.",
      options: [
        {
          id: "data_only",
          label: "Formats that hold only data (ONNX, safetensors, plain weight arrays)",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "pickle_own_files",
          label: "Pickle-based formats, only for files we produce ourselves",
          effects: {
            exposure: { poisoning: 1 },
            missing: ["m.verify_artifacts", "m.access_control_data"],
          },
        },
        {
          id: "pickle_external_files",
          label:
            "Pickle-based formats, including files from outside (downloaded models, partner checkpoints)",
          effects: {
            exposure: { poisoning: 2, extraction: 1 },
            missing: ["m.verify_artifacts"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0011.000", "AML.T0018.002", "AML.T0010.003"],
    },
    {
      id: "surface.training.platform",
      section: "training",
      type: "single",
      text: "Where is the model trained?",
      hint: "Whoever runs the training job can change the data, the code or the resulting weights without any visible effect on accuracy, and holds copies of both data and model. Outsourced training is a known route for backdoored models.",
      options: [
        {
          id: "own_infrastructure",
          label: "On our own machines or cluster",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "own_cloud_account",
          label: "On cloud compute in an account we control (managed notebooks or training jobs)",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "third_party",
          label:
            "On a third party's platform or by a contractor (AutoML service, ML vendor, outsourced training)",
          effects: {
            exposure: { poisoning: 2, extraction: 1 },
            missing: ["m.model_validation", "m.verify_artifacts", "m.access_control_data"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0010", "AML.T0018.000"],
    },
    {
      id: "surface.training.pipeline_control",
      section: "training",
      type: "single",
      text: "Who can change the training code, configuration or data selection, or start a run that produces a deployable model?",
      hint: "Poisoning does not need bad data if the pipeline can be edited: a changed sampling weight, a new data path or a swapped loss teaches the model what the insider wants. Broad write access and shared credentials also make copying the model easy.",
      options: [
        {
          id: "small_reviewed",
          label: "A small team, with mandatory code review and automated builds for every change",
          effects: { exposure: { poisoning: -1 } },
        },
        {
          id: "team_unreviewed",
          label: "The team, without mandatory review",
          effects: {
            exposure: { poisoning: 1 },
            missing: ["m.access_control_data", "m.security_training"],
          },
        },
        {
          id: "broad",
          label: "Many people or services, or shared credentials",
          effects: {
            exposure: { poisoning: 2, extraction: 1 },
            missing: ["m.access_control_data", "m.model_validation"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0018", "AML.T0012"],
    },
    {
      id: "surface.training.artifact_storage",
      section: "training",
      type: "single",
      text: "Where are trained models and checkpoints kept, and who can read or replace them?",
      hint: "A stored model is the prize of extraction without a single query, and a replaceable one is a poisoning shortcut: swap the file and the backdoor ships. Misconfigured buckets, public repositories and container images regularly expose model files.",
      options: [
        {
          id: "restricted_registry",
          label: "A model registry with restricted access, audit logs and hashed or signed versions",
          effects: { exposure: { extraction: -1, poisoning: -1 } },
        },
        {
          id: "shared_storage",
          label: "Shared storage that many colleagues or services can read and write",
          effects: {
            exposure: { extraction: 1, poisoning: 1 },
            missing: ["m.access_control_data", "m.encrypt_artifacts"],
          },
        },
        {
          id: "exposed",
          label: "Storage that turned out to be reachable from outside without authorisation",
          effects: {
            exposure: { extraction: 3, evasion: 3, poisoning: 2, membership: 2, inversion: 2 },
            missing: ["m.access_control_data", "m.encrypt_artifacts", "m.protect_model_artifact"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0007", "AML.T0035", "AML.T0025", "AML.T0018"],
    },
    {
      id: "surface.training.reproducibility",
      section: "training",
      type: "single",
      text: "Could you rebuild a given deployed model version from recorded inputs (data snapshot, code commit, configuration, seed)?",
      hint: "When a model starts to misbehave you need to find the data or change that caused it. Poison that cannot be traced cannot be removed, so it returns at every retraining, and a tampered model cannot be told apart from a genuine one.",
      options: [
        {
          id: "fully",
          label: "Yes, every version traces back to its data, code and configuration",
          effects: { exposure: { poisoning: -1 } },
        },
        {
          id: "partly",
          label: "Partly: the code is versioned, but not the data or configuration",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "no",
          label: "No",
          effects: { exposure: { poisoning: 1 }, missing: ["m.data_provenance", "m.model_validation"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0018", "AML.T0059"],
    },
    {
      id: "surface.training.data_pooling",
      section: "training",
      type: "single",
      text: "Whose data trains the model, and how is it brought together?",
      hint: "When several organisations' data train one shared model, each participant can poison it for all the others and query it to learn about their data. In federated learning participants send model updates instead of data: a malicious one can send poisoned updates, and updates themselves can leak the records behind them.",
      options: [
        {
          id: "single_owner",
          label: "Data of a single organisation (ours or one customer's)",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "pooled",
          label: "Data of several customers or organisations pooled into one model they all use",
          effects: {
            exposure: { poisoning: 1, membership: 1, attribute: 1 },
            missing: ["m.data_sanitization", "m.differential_privacy"],
          },
        },
        {
          id: "federated",
          label: "Federated learning: participants train locally and send us model updates",
          note: "Keeps raw data local, but trusts every participant's updates.",
          effects: {
            exposure: { poisoning: 2, membership: 1, inversion: 1 },
            missing: ["m.retraining_controls", "m.differential_privacy", "m.model_validation"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0018.000", "AML.T0024.000"],
    },
    {
      id: "surface.training.retraining",
      section: "training",
      type: "single",
      text: "How often is the model retrained, and does a new version go live without a person checking it?",
      hint: "Every retraining is a fresh chance to poison the model, and the faster new data reaches production the less time anyone has to notice. Online learning is the extreme case: inputs sent to the live model become training data, turning an inference endpoint into a training-time attack surface.",
      options: [
        {
          id: "never",
          label: "Never: the model is trained once and then frozen",
          effects: { exposure: { poisoning: -1 } },
        },
        {
          id: "periodic_reviewed",
          label: "Periodically, and a person checks and approves each new version",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "periodic_automatic",
          label: "Periodically and automatically; new versions go live without a manual check",
          effects: {
            exposure: { poisoning: 2 },
            missing: ["m.retraining_controls", "m.model_validation", "m.monitoring_fallback"],
          },
        },
        {
          id: "online",
          label: "Continuously (online learning): the model updates from new data as it arrives",
          note: "Adapts fastest to genuine change, and to an attacker's.",
          effects: {
            exposure: { poisoning: 3 },
            missing: ["m.retraining_controls", "m.model_validation", "m.monitoring_fallback"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0031"],
    },
    {
      id: "surface.training.update_data",
      section: "training",
      type: "single",
      text: "What data do the automatic updates learn from?",
      hint: "Automatic updates learn whatever reaches them. Live interactions let outsiders steer the model one nudge at a time; training on the model's own predictions entrenches its mistakes, so an input that once slipped through is learned as normal and the next one slips through more easily.",
      showIf: [{ question: "surface.training.retraining", anyOf: ["periodic_automatic", "online"] }],
      options: [
        {
          id: "curated",
          label: "Only curated data that passes the same checks as the original training set",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "live_interactions",
          label: "Live user interactions (clicks, ratings, messages, reports)",
          effects: {
            exposure: { poisoning: 2 },
            missing: ["m.retraining_controls", "m.data_sanitization", "m.label_review"],
          },
        },
        {
          id: "own_predictions",
          label: "The model's own predictions used as labels (self-training)",
          effects: {
            exposure: { poisoning: 1, evasion: 1 },
            missing: ["m.retraining_controls", "m.model_validation"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0031", "AML.T0015"],
    },
  ],
};
