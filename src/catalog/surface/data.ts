// Attack-surface questionnaire, stage "data collection": where training data and labels come from,
// who can influence them, what they contain and how they are kept.
import type { Section } from "../../contracts/catalog.js";

const FEEDBACK_GIVEN = [{ question: "surface.data.user_feedback_labels", anyOf: ["reviewed", "direct"] }];

export const section: Section = {
  id: "data",
  questionnaire: "surface",
  stage: "data",
  title: "Data collection",
  intro:
    "Poisoning starts here. Whoever can add records, change labels or edit stored data decides part of what the model learns, and what the data contains decides what inference attacks can later extract. These questions follow the data from its sources through labelling to storage.",
  questions: [
    {
      id: "surface.data.provenance",
      section: "data",
      type: "multiple",
      text: "Where does the training data come from? Select all that apply.",
      hint: "Every channel that feeds the training set is a way to poison it. Data produced by your own users or scraped from the web can be written by an attacker directly; public datasets and bought data carry whatever their producers, or someone who compromised them, put in.",
      options: [
        {
          id: "internal_records",
          label: "Our own operational systems, records or measurements",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "product_users",
          label: "Content or behaviour of our product's users (uploads, clicks, messages, transactions)",
          note: "Every user, including an attacker, becomes a data supplier.",
          effects: { exposure: { poisoning: 2 }, missing: ["m.data_sanitization", "m.data_provenance"] },
        },
        {
          id: "web_scraped",
          label: "Scraped or crawled from the web",
          effects: { exposure: { poisoning: 2 }, missing: ["m.data_sanitization", "m.data_provenance"] },
        },
        {
          id: "public_datasets",
          label: "Public datasets (benchmarks, open-data portals, dataset hubs)",
          effects: { exposure: { poisoning: 1 }, missing: ["m.verify_artifacts", "m.data_sanitization"] },
        },
        {
          id: "third_party",
          label: "Bought from or shared by partners and data vendors",
          effects: { exposure: { poisoning: 1 }, missing: ["m.data_provenance", "m.data_sanitization"] },
        },
        {
          id: "synthetic",
          label: "Synthetic data we generate ourselves",
          effects: { exposure: { poisoning: 0 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0019", "AML.T0010.002"],
    },
    {
      id: "surface.data.source_count",
      section: "data",
      type: "single",
      text: "How many independent sources supply training data?",
      hint: "Each source is an entry point, and an attacker only needs the weakest one. With many sources it is also hard to tell which one introduced bad records, so poison stays in place through retraining after retraining.",
      options: [
        { id: "one", label: "A single source", effects: { exposure: { poisoning: -1 } } },
        { id: "few", label: "A handful (2 to 10) of known sources", effects: { exposure: { poisoning: 0 } } },
        {
          id: "many",
          label: "More than 10 sources, or an open-ended set",
          effects: { exposure: { poisoning: 1 }, missing: ["m.data_provenance", "m.data_sanitization"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0010.002"],
    },
    {
      id: "surface.data.source_trust",
      section: "data",
      type: "single",
      text: "How far can you vouch for the parties that supply training data?",
      hint: "A trusted source is one whose producers you know, can hold to account and whose systems are secured; an untrusted one can be the attacker. Poisoning a few percent of a training set is often enough to plant a backdoor, and untrusted sources can easily supply that share.",
      options: [
        {
          id: "all_accountable",
          label: "All are under our control, or contractually bound and audited",
          effects: { exposure: { poisoning: -1 } },
        },
        {
          id: "mostly_accountable",
          label: "Most are; a minority (some public or user-contributed data) is not",
          effects: { exposure: { poisoning: 1 }, missing: ["m.data_sanitization", "m.data_provenance"] },
        },
        {
          id: "largely_unvetted",
          label: "Much of the data comes from parties we cannot vet (anonymous users, the open web)",
          effects: { exposure: { poisoning: 2 }, missing: ["m.data_sanitization", "m.data_provenance"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0019"],
    },
    {
      id: "surface.data.collection_snapshot",
      section: "data",
      type: "single",
      text: "When you collect web or public data, do you train on a fixed, integrity-checked snapshot or fetch the live sources again?",
      hint: "Web pages, wikis and dataset hubs can be edited, and domains in an old URL list can expire and be bought by anyone. An attacker who knows when you collect can plant content just before and remove it afterwards; a hashed snapshot at least freezes what you vetted.",
      showIf: [{ question: "surface.data.provenance", anyOf: ["web_scraped", "public_datasets"] }],
      options: [
        {
          id: "hashed_snapshot",
          label: "A fixed snapshot, with hashes checked every time it is used",
          effects: { exposure: { poisoning: -1 } },
        },
        {
          id: "unchecked_copy",
          label: "A stored copy, without hashes or integrity checks",
          effects: { exposure: { poisoning: 1 }, missing: ["m.data_provenance"] },
        },
        {
          id: "live_refetch",
          label: "We download again from the live sources at each collection",
          effects: { exposure: { poisoning: 2 }, missing: ["m.data_provenance", "m.verify_artifacts"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0019", "AML.T0010.002", "AML.T0059"],
    },
    {
      id: "surface.data.labelling",
      section: "data",
      type: "multiple",
      text: "Who or what assigns the labels (ground truth) of the training examples? Select all that apply.",
      hint: "Flipping labels is the cheapest poisoning: the inputs look normal, only their answer is wrong. Anyone in the labelling chain, from a crowd worker to a vendor or an attacker who can trigger the outcomes that become labels, can teach the model a wrong rule or a backdoor.",
      options: [
        {
          id: "observed_outcomes",
          label: "Observed outcomes (chargebacks, returns, failures, clicks)",
          note: "An attacker who can cause outcomes, e.g. by making small clean transactions first, writes their own labels.",
          effects: { exposure: { poisoning: 1 }, missing: ["m.label_review", "m.data_sanitization"] },
        },
        {
          id: "internal_experts",
          label: "Our own staff or domain experts",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "crowd_workers",
          label: "Crowd workers on a crowdsourcing platform",
          effects: { exposure: { poisoning: 2 }, missing: ["m.label_review", "m.data_sanitization"] },
        },
        {
          id: "labelling_vendor",
          label: "An external labelling company",
          effects: { exposure: { poisoning: 1 }, missing: ["m.label_review"] },
        },
        {
          id: "automatic",
          label: "Rules or another model (weak supervision, pseudo-labels)",
          note: "Whoever fools the labelling model also mislabels the training data.",
          effects: { exposure: { poisoning: 1 }, missing: ["m.label_review", "m.data_sanitization"] },
        },
        {
          id: "no_labels",
          label: "No labels: unsupervised or self-supervised training",
          effects: { exposure: { poisoning: 0 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0059"],
    },
    {
      id: "surface.data.user_feedback_labels",
      section: "data",
      type: "single",
      text: "Can feedback from customers or users (reports, corrections, 'not spam' buttons, ratings) change the labels the model is trained on?",
      hint: "A feedback button is a write channel into the training set. Coordinated users have taught a public chatbot abuse within hours and pushed spam filters to accept spam simply by marking it as wanted; the attacker needs no access beyond that of an ordinary user.",
      options: [
        {
          id: "none",
          label: "No, feedback never changes training labels",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "reviewed",
          label: "Yes, after review by trusted staff or agreement across many independent users",
          effects: { exposure: { poisoning: 1 }, missing: ["m.label_review", "m.retraining_controls"] },
        },
        {
          id: "direct",
          label: "Yes, feedback is written into the training labels directly",
          note: "Fresh feedback keeps the model current; the price is letting users vote on ground truth.",
          effects: {
            exposure: { poisoning: 3 },
            missing: ["m.label_review", "m.data_sanitization", "m.retraining_controls"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0021", "AML.T0031"],
    },
    {
      id: "surface.data.feedback_weight",
      section: "data",
      type: "single",
      text: "How much can one account or one person sway the labels through feedback?",
      hint: "Feedback poisoning scales with the weight each voice carries. If one account can flag thousands of items at full weight, a single attacker is a crowd; if labels only move when many independent accounts agree, the attacker must control many of them.",
      showIf: FEEDBACK_GIVEN,
      options: [
        {
          id: "capped",
          label:
            "Little: a label changes only when many independent accounts agree, and each account's weight is capped",
          effects: { exposure: { poisoning: -1 } },
        },
        {
          id: "reputation_weighted",
          label: "Feedback is weighted by account age, history or reputation",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "unbounded",
          label: "A single account can give feedback on as many items as it likes, at full weight",
          effects: { exposure: { poisoning: 2 }, missing: ["m.label_review", "m.retraining_controls"] },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0021"],
    },
    {
      id: "surface.data.feedback_identity",
      section: "data",
      type: "single",
      text: "What does it take to obtain an account that can give feedback?",
      hint: "Caps per account only help if accounts are costly. When accounts are free, an attacker creates hundreds of them (a Sybil attack) and spreads poisoned feedback so that each one looks like an ordinary user.",
      showIf: FEEDBACK_GIVEN,
      options: [
        {
          id: "anonymous",
          label: "Nothing: feedback can be given without an account",
          effects: { exposure: { poisoning: 2 }, missing: ["m.label_review", "m.data_sanitization"] },
        },
        {
          id: "free_signup",
          label: "A free sign-up (an e-mail address or phone number)",
          effects: { exposure: { poisoning: 1 }, missing: ["m.label_review"] },
        },
        {
          id: "verified",
          label: "A verified identity, a paid contract or an existing business relationship",
          effects: { exposure: { poisoning: -1 } },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0021", "AML.T0020"],
    },
    {
      id: "surface.data.sensitive_features",
      section: "data",
      type: "yesno",
      text: "Does the training data include sensitive attributes or personal identifiers (health, finances, ethnicity, religion, precise location, identity numbers)?",
      hint: "Attribute inference starts from part of a person's record plus the model's answers and recovers the missing, sensitive part; model inversion reconstructs typical records of a class. What was never in the training data cannot leak through the model.",
      options: [
        {
          id: "yes",
          label: "Yes",
          note: "Minimising or generalising these fields may cost accuracy or complicate fairness audits.",
          effects: {
            exposure: { attribute: 2, inversion: 2, membership: 1 },
            missing: ["m.feature_minimization", "m.differential_privacy"],
          },
        },
        { id: "no", label: "No", effects: { exposure: { attribute: -2, inversion: -1 } } },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.001", "AML.T0024.000"],
    },
    {
      id: "surface.data.rare_records",
      section: "data",
      type: "single",
      text: "Does the training data contain rare or unique records, or records that appear many times?",
      hint: "Models memorise what is unusual or repeated. Outliers, members of tiny subgroups and duplicated records are the ones membership inference identifies most reliably and generative models repeat verbatim, even when the model looks well generalised on average.",
      options: [
        {
          id: "typical",
          label: "Hardly: the data is de-duplicated and records resemble many others",
          effects: { exposure: { membership: -1 } },
        },
        {
          id: "some",
          label: "Some outliers, small subgroups or repeated records",
          effects: { exposure: { membership: 1 }, missing: ["m.regularization", "m.differential_privacy"] },
        },
        {
          id: "many",
          label: "Many: rare cases matter (rare diseases, unusual customers) or records repeat often",
          effects: {
            exposure: { membership: 2, inversion: 1 },
            missing: ["m.differential_privacy", "m.regularization"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0024.000", "AML.T0057"],
    },
    {
      id: "surface.data.dataset_size",
      section: "data",
      type: "single",
      text: "How many examples is the model trained on?",
      hint: "In a small dataset each record weighs a lot: a few poisoned points move the decision boundary, and each member leaves a clear mark that membership inference can read. Very large datasets dilute both, but are collected automatically and too big to inspect, so a tiny poisoned fraction can still plant a backdoor.",
      options: [
        {
          id: "under_1k",
          label: "Fewer than 1,000",
          effects: {
            exposure: { poisoning: 2, membership: 2, inversion: 1 },
            missing: ["m.data_sanitization", "m.differential_privacy", "m.regularization"],
          },
        },
        {
          id: "thousands",
          label: "1,000 to 100,000",
          effects: {
            exposure: { poisoning: 1, membership: 1 },
            missing: ["m.data_sanitization", "m.regularization"],
          },
        },
        {
          id: "millions",
          label: "100,000 to 10 million",
          effects: { exposure: { poisoning: 0, membership: 0 } },
        },
        {
          id: "over_10m",
          label: "More than 10 million",
          note: "Too large to review by hand; sanitisation has to be automated.",
          effects: {
            exposure: { poisoning: 1, membership: -1 },
            missing: ["m.data_sanitization", "m.data_provenance"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0024.000"],
    },
    {
      id: "surface.data.split",
      section: "data",
      type: "single",
      text: "How are the training, validation and test sets separated?",
      hint: "A test set drawn from the same, possibly poisoned, pipeline carries the same poison, so a backdoored model still scores perfectly on it. Splits that overlap or are reused for tuning also hide overfitting, the main driver of membership inference.",
      options: [
        {
          id: "trusted_holdout",
          label:
            "The test set is curated separately from a trusted source, frozen, and never used for training or tuning",
          effects: { exposure: { poisoning: -1 } },
        },
        {
          id: "random_holdout",
          label: "A random split of the collected data, with the test set kept aside until the end",
          effects: { exposure: { poisoning: 0, membership: 0 } },
        },
        {
          id: "leaky",
          label: "Splits overlap, are redrawn often, or the test set is also used for tuning",
          effects: {
            exposure: { poisoning: 1, membership: 1 },
            missing: ["m.model_validation", "m.regularization"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0020", "AML.T0024.000"],
    },
    {
      id: "surface.data.storage_integrity",
      section: "data",
      type: "single",
      text: "How is the collected training data stored and protected against changes?",
      hint: "Data can be poisoned after collection, where it sits in buckets, feature stores and databases. An insider or a stolen credential with write access can alter records or labels quietly, and without versions and hashes nobody can tell what changed.",
      options: [
        {
          id: "versioned_restricted",
          label:
            "Versioned and hashed; write access limited to the pipeline and a few people, with audit logs",
          effects: { exposure: { poisoning: -1 } },
        },
        {
          id: "restricted_unversioned",
          label: "Access is restricted, but there are no versions or integrity checks",
          effects: { exposure: { poisoning: 0 } },
        },
        {
          id: "broadly_writable",
          label: "Many people or services can write to it (shared buckets, drives or databases)",
          effects: {
            exposure: { poisoning: 2 },
            missing: ["m.access_control_data", "m.data_provenance"],
          },
        },
      ],
      dontKnow: true,
      atlas: ["AML.T0059", "AML.T0036", "AML.T0020"],
    },
  ],
};
