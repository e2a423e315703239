-- Lab runs saved to an assessment (queued, running, finished) and the answers they verified.
-- A run's target is stored as the owner described it: a demo victim, or an HTTP target config that
-- names the environment variable holding its secret, never the secret itself.

CREATE TABLE lab_run (
  id text PRIMARY KEY,
  assessment_id text NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  attack text NOT NULL,
  family text NOT NULL,
  -- what to attack: {kind: "demo", victim, output, tiny} or {kind: "http", config}
  target jsonb NOT NULL,
  -- where the inputs come from: {kind: "demo", victim, tiny, count} or {kind: "inline", ...}
  data jsonb,
  -- what the target declared once opened (TargetInfo), null before
  target_info jsonb,
  params jsonb NOT NULL,
  seed integer NOT NULL,
  budget integer NOT NULL CHECK (budget > 0),
  state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  cancel_requested boolean NOT NULL DEFAULT false,
  progress real NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  message text NOT NULL DEFAULT '',
  queries_used integer NOT NULL DEFAULT 0,
  wall_time_ms double precision,
  metrics jsonb NOT NULL DEFAULT '{}',
  summary text,
  examples jsonb NOT NULL DEFAULT '[]',
  error text,
  -- question ids this run marked verified, or why it could not
  verified text[] NOT NULL DEFAULT '{}',
  verify_note text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  -- who runs it (a queue worker id, or "inline:<pid>") and when it last said it is alive
  worker text,
  heartbeat_at timestamptz
);
CREATE INDEX lab_run_assessment ON lab_run (assessment_id, created_at DESC);
CREATE INDEX lab_run_active ON lab_run (state, heartbeat_at) WHERE state IN ('queued', 'running');

-- "Verified by test": which answers a lab run (or an imported answer file) backs with evidence.
-- No foreign key to lab_run: an imported file may cite a run made elsewhere (e.g. by the CLI).
CREATE TABLE answer_verification (
  assessment_id text NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  question_id text NOT NULL,
  run_id text NOT NULL,
  attack text NOT NULL,
  verified_at text NOT NULL,
  summary text NOT NULL,
  PRIMARY KEY (assessment_id, question_id)
);
