// Attack-surface questionnaire, stage "design & implementation": the model family and its capacity,
// the input representation, and what an attacker can learn or borrow about the design.
import type { Section } from "../../contracts/catalog.js";

export const section: Section = {
  id: "design",
  questionnaire: "surface",
  stage: "design",
  title: "Design & implementation",
  intro:
    "Before any data is collected, the choice of model, its capacity and the features it reads already decide which attacks are cheap. Large models over many features are easier to fool and remember more of their training data; small models are easier to copy and to bend with a few poisoned records.",
  questions: [
    {
      id: "surface.design.model_type",
      section: "design",
      type: "single",
      text: "Which kind of model makes the predictions?",
      hint: "Each model family fails in its own way. Deep networks have smooth, high-dimensional decision surfaces that tiny perturbations can cross and enough capacity to memorise records; linear models and single trees can be copied with few queries and shifted by a handful of poisoned points; nearest-neighbour models literally contain their training data.",
      options: [
        {
          id: "linear",
          label: "Linear or logistic regression, linear SVM",
          note: "A linear model over d features can be recovered exactly from about d+1 queries that return scores, and a few poisoned points tilt its single boundary.",
          effects: {
            exposure: { extraction: 2, poisoning: 1, membership: -1 },
            missing: ["m.coarse_outputs", "m.rate_limiting", "m.data_sanitization", "m.ensembles"],
          },
        },
        {
          id: "single_tree",
          label: "A single decision tree or readable rule set",
          note: "Its leaves can be mapped out path by path through queries, and each split rests on few records.",
          effects: {
            exposure: { extraction: 1, poisoning: 1 },
            missing: ["m.rate_limiting", "m.coarse_outputs", "m.data_sanitization", "m.ensembles"],
          },
        },
        {
          id: "tree_ensemble",
          label: "Tree ensemble (random forest, gradient boosting such as XGBoost or LightGBM)",
          note: "Deep, unpruned trees can isolate single training records in their own leaves.",
          effects: { exposure: { membership: 1 }, missing: ["m.regularization"] },
        },
        {
          id: "instance_based",
          label: "k-nearest neighbours or kernel SVM (the model keeps training examples)",
          note: "The stored neighbours or support vectors are training records, so the model leaks them by construction.",
          effects: {
            exposure: { membership: 2, inversion: 2 },
            missing: ["m.differential_privacy", "m.feature_minimization"],
          },
        },
        {
          id: "small_neural_network",
          label: "Small neural network (a few dense layers)",
          effects: {
            exposure: { evasion: 1, membership: 1 },
            missing: ["m.adversarial_training", "m.regularization"],
          },
        },
        {
          id: "deep_neural_network",
          label: "Deep neural network trained by us (CNN, RNN, transformer)",
          note: "The most studied target for adversarial examples and training-data inference.",
          effects: {
            exposure: { evasion: 2, membership: 2, inversion: 1 },
            missing: ["m.adversarial_training", "m.differential_privacy", "m.regularization"],
          },
        },
        {
          id: "foundation_model",
          label: "Pre-trained foundation model, fine-tuned or prompted (language, vision or speech)",
          note: "Weaknesses of the base model are shared with everyone who uses it, and it can repeat fine-tuning data.",
          effects: {
            exposure: { evasion: 2, membership: 1, inversion: 1 },
            missing: ["m.adversarial_training", "m.differential_privacy"],
          },
        },
        {
          id: "other",
          label: "Another kind (probabilistic model, clustering, anomaly detector, …)",
          effects: { informational: true },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0014", "AML.T0043", "AML.T0024"],
    },
    {
      id: "surface.design.model_capacity",
      section: "design",
      type: "single",
      text: "How large is the model's capacity compared with the number of training examples?",
      hint: "A model with far more parameters than examples can fit each record individually, including its noise. What it memorises it also gives away: it answers more confidently on records it has seen, which is the signal membership inference and inversion attacks read.",
      options: [
        {
          id: "low_capacity",
          label: "Far fewer trainable parameters than training examples",
          effects: { exposure: { membership: -1, inversion: -1 } },
        },
        {
          id: "balanced",
          label: "Roughly comparable numbers of parameters and examples",
          effects: { exposure: { membership: 0 } },
        },
        {
          id: "overparameterized",
          label: "Many more parameters than examples (typical of deep networks)",
          effects: {
            exposure: { membership: 1, inversion: 1 },
            missing: ["m.regularization", "m.differential_privacy"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.000", "AML.T0024.001"],
    },
    {
      id: "surface.design.input_type",
      section: "design",
      type: "single",
      text: "What kind of data does the model take as input?",
      hint: "Adversarial examples are easiest where inputs are continuous and high-dimensional: a change spread over thousands of pixels or audio samples is invisible to people but moves the model. Tabular records resist more, because each field has a type, a range and business rules the altered input must still satisfy.",
      options: [
        {
          id: "tabular",
          label: "Structured records (tables of numeric and categorical fields)",
          note: "Changes must respect field types and business rules, which narrows the attacker's room, though constrained attacks exist.",
          effects: { exposure: { evasion: -1 } },
        },
        {
          id: "image_video",
          label: "Images or video",
          effects: { exposure: { evasion: 2 }, missing: ["m.adversarial_training", "m.input_restoration"] },
        },
        {
          id: "audio",
          label: "Audio or speech",
          effects: { exposure: { evasion: 2 }, missing: ["m.adversarial_training", "m.input_restoration"] },
        },
        {
          id: "text",
          label: "Text",
          note: "Typos, synonyms and paraphrases keep the meaning for a reader while changing the prediction.",
          effects: { exposure: { evasion: 1 }, missing: ["m.adversarial_training", "m.input_detection"] },
        },
        {
          id: "time_series",
          label: "Time series or sensor signals",
          effects: { exposure: { evasion: 1 }, missing: ["m.adversarial_training", "m.input_restoration"] },
        },
        {
          id: "graph",
          label: "Graphs or relational data (social, transaction or knowledge graphs)",
          note: "Adding a few edges or fake nodes near a target can flip its prediction.",
          effects: { exposure: { evasion: 1 }, missing: ["m.adversarial_training", "m.input_detection"] },
        },
        {
          id: "files_or_traffic",
          label: "Files, programs or network traffic (executables, documents, packets)",
          note: "Padding or unused sections let an attacker change bytes without breaking what the file does.",
          effects: { exposure: { evasion: 1 }, missing: ["m.adversarial_training", "m.input_detection"] },
        },
        {
          id: "multimodal",
          label: "Several of these combined (multimodal)",
          note: "The attacker can pick whichever input channel the model trusts most.",
          effects: { exposure: { evasion: 2 }, missing: ["m.adversarial_training", "m.input_detection"] },
        },
      ],
      dontKnow: false,
      atlas: ["AML.T0043", "AML.T0015"],
    },
    {
      id: "surface.design.feature_count",
      section: "design",
      type: "single",
      text: "How many input features or dimensions does the model read (for images: pixels × channels)?",
      hint: "Every dimension is a direction the attacker can push in: with many of them, a small change per feature adds up to a large change in the output. With few features, a model's behaviour is mapped out with few queries, which makes copying it cheap.",
      options: [
        {
          id: "few",
          label: "Fewer than 20",
          effects: {
            exposure: { evasion: -1, extraction: 1 },
            missing: ["m.rate_limiting", "m.coarse_outputs"],
          },
        },
        {
          id: "dozens_to_hundreds",
          label: "20 to 1,000",
          effects: { exposure: { evasion: 0 } },
        },
        {
          id: "thousands",
          label: "1,000 to 100,000",
          effects: { exposure: { evasion: 1 }, missing: ["m.adversarial_training", "m.input_restoration"] },
        },
        {
          id: "very_many",
          label: "More than 100,000 (high-resolution images, long audio)",
          note: "Copying such a model takes many more queries, but fooling it gets easier.",
          effects: {
            exposure: { evasion: 2, extraction: -1 },
            missing: ["m.adversarial_training", "m.input_restoration"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0043", "AML.T0024.002"],
    },
    {
      id: "surface.design.feature_control",
      section: "design",
      type: "single",
      text: "How many of the input features can the person who submits an input set or influence?",
      hint: "Evasion needs control over the input. Features computed on your side from history, aggregates or your own measurements are out of the attacker's reach, while fields of a form, the pixels of an upload or the words of a message are theirs to tune until the model gives the answer they want.",
      options: [
        {
          id: "none_directly",
          label: "None directly: features come from our own records, history or measurements",
          effects: { exposure: { evasion: -2 } },
        },
        {
          id: "some",
          label: "Some: a mix of submitted fields and features we derive ourselves",
          effects: { exposure: { evasion: 1 }, missing: ["m.input_detection", "m.input_restoration"] },
        },
        {
          id: "all",
          label: "All or nearly all: the input is whatever the submitter sends (form, file, image, message)",
          effects: {
            exposure: { evasion: 2 },
            missing: ["m.input_detection", "m.input_restoration", "m.adversarial_training"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0043", "AML.T0043.003", "AML.T0015"],
    },
    {
      id: "surface.design.output_meaning",
      section: "design",
      type: "single",
      text: "What do the model's output classes or values stand for?",
      hint: "When a class is a person, as in face, voice or author recognition, inverting the model means reconstructing that person: gradient or query-based inversion can produce a recognisable face from a name label. Outputs that describe people's traits tie the model's answers to what it learned about them.",
      options: [
        {
          id: "individuals",
          label: "Individual people (one class per person: face, voice, writer or device identification)",
          note: "Reconstructing a class's typical input then means reconstructing that person.",
          effects: {
            exposure: { inversion: 3, membership: 1 },
            missing: ["m.coarse_outputs", "m.differential_privacy"],
          },
        },
        {
          id: "personal_traits",
          label: "Traits or outcomes of people (credit risk, diagnosis, churn, income band)",
          effects: {
            exposure: { inversion: 1, attribute: 1 },
            missing: ["m.feature_minimization", "m.coarse_outputs"],
          },
        },
        {
          id: "non_personal",
          label: "Things, events or content rather than people (objects, defects, spam, machine faults)",
          effects: { exposure: { inversion: -1, attribute: -1 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.001", "AML.T0013"],
    },
    {
      id: "surface.design.overfitting_gap",
      section: "design",
      type: "single",
      text: "How large is the gap between the model's accuracy (or loss) on its training data and on held-out test data?",
      hint: "An overfit model is visibly more sure of itself on records it was trained on than on new ones. Membership inference exploits exactly that difference: a confidence or loss threshold, or a shadow model, tells members from non-members, and the larger the gap the more reliable the guess.",
      options: [
        {
          id: "small",
          label: "Small (under about 2 percentage points)",
          effects: { exposure: { membership: -1 } },
        },
        {
          id: "moderate",
          label: "Moderate (about 2 to 10 points)",
          effects: { exposure: { membership: 1 }, missing: ["m.regularization", "m.differential_privacy"] },
        },
        {
          id: "large",
          label:
            "Large (more than 10 points, or near-perfect training accuracy with clearly lower test accuracy)",
          note: "Reducing the gap usually costs little accuracy and removes the main membership signal.",
          effects: {
            exposure: { membership: 3, inversion: 1, attribute: 1 },
            missing: ["m.regularization", "m.differential_privacy"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.000"],
    },
    {
      id: "surface.design.design_disclosure",
      section: "design",
      type: "single",
      text: "How much of the model's design can an outsider learn from public sources?",
      hint: "Attackers start with reconnaissance: papers, blog posts, conference talks, model cards, job ads and documentation reveal the architecture, the features and the training data. With that, they can train a close proxy offline and craft attacks against it, then spend only a few queries on the real system.",
      options: [
        {
          id: "confidential",
          label: "Nothing: architecture, features and data sources are confidential and not obvious",
          effects: { exposure: { evasion: -1, extraction: -1 } },
        },
        {
          id: "guessable",
          label: "The model family is the usual choice for this task, but nothing is published",
          effects: { exposure: { evasion: 0 } },
        },
        {
          id: "published",
          label:
            "Architecture, features or training setup are described publicly (papers, blogs, talks, model cards)",
          note: "Transparency has value; the trade-off is a head start for proxy models.",
          effects: {
            exposure: { evasion: 1, extraction: 1, membership: 1 },
            missing: ["m.limit_release"],
          },
        },
        {
          id: "open_weights",
          label: "The trained model itself (weights) is published or downloadable",
          note: "Publishing weights is often deliberate; then assume white-box attackers and rely on robust, private training.",
          effects: {
            exposure: { evasion: 3, extraction: 3, membership: 2, inversion: 2 },
            missing: [
              "m.limit_release",
              "m.adversarial_training",
              "m.differential_privacy",
              "m.adversarial_testing",
            ],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0000", "AML.T0003", "AML.T0014", "AML.T0002.001", "AML.T0044"],
    },
    {
      id: "surface.design.public_surrogates",
      section: "design",
      type: "single",
      text: "Are there public datasets or pre-trained models for the same task that an attacker could use to build a look-alike model?",
      hint: "Adversarial examples transfer: inputs crafted against one model often fool another trained for the same task. Public benchmarks and models therefore give an attacker a free surrogate for evasion, a head start for stealing, and shadow data for membership inference, without touching your system.",
      options: [
        {
          id: "none",
          label: "No: the task and its data are specific to us",
          effects: { exposure: { evasion: -1 } },
        },
        {
          id: "related_only",
          label: "Only for related tasks or domains",
          effects: { exposure: { evasion: 0 } },
        },
        {
          id: "same_task",
          label:
            "Yes, for this very task (e.g. public image classifiers, spam or malware corpora, face models)",
          effects: {
            exposure: { evasion: 2, extraction: 1, membership: 1 },
            missing: ["m.adversarial_training", "m.rate_limiting", "m.differential_privacy"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0002.000", "AML.T0002.001", "AML.T0005", "AML.T0043.002"],
    },
    {
      id: "surface.design.model_scope",
      section: "design",
      type: "single",
      text: "Is there one model for everybody, or models specific to a customer or to a single user?",
      hint: "A model trained on the data of a few people reflects them closely: anyone who can query a personalised model learns about its owner's records, and differences between per-customer models reveal what sets each customer's data apart.",
      options: [
        {
          id: "shared",
          label: "One shared model (or a few per region or segment)",
          effects: { exposure: { membership: 0 } },
        },
        {
          id: "per_customer",
          label: "One model per customer organisation, trained on that customer's data",
          effects: {
            exposure: { membership: 1, inversion: 1 },
            missing: ["m.differential_privacy", "m.feature_minimization"],
          },
        },
        {
          id: "per_user",
          label: "Personalised models or adapters for individual users",
          effects: {
            exposure: { membership: 2, inversion: 2, attribute: 1 },
            missing: ["m.differential_privacy", "m.feature_minimization", "m.coarse_outputs"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.000", "AML.T0024.001"],
    },
  ],
};
