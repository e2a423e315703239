-- mlsa schema v1: assessments, capability tokens, answers and the anonymous trends pool.
-- Respondents are anonymous: no table has a column for a name, an e-mail or an address.

CREATE TABLE assessment (
  id text PRIMARY KEY,
  catalog_version text NOT NULL,
  name text,
  domain text,
  created_on date NOT NULL,
  consent boolean NOT NULL DEFAULT false
);

-- Capability tokens, stored only as SHA-256 hashes; one owner token and one per questionnaire.
CREATE TABLE access_token (
  token_hash bytea PRIMARY KEY,
  assessment_id text NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'risk', 'surface', 'security')),
  UNIQUE (assessment_id, role)
);

CREATE TABLE questionnaire_state (
  assessment_id text NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
  questionnaire text NOT NULL CHECK (questionnaire IN ('risk', 'surface', 'security')),
  finished boolean NOT NULL DEFAULT false,
  -- Each questionnaire joins the pool at most once (a boolean: no time, no pool key kept here).
  pooled boolean NOT NULL DEFAULT false,
  PRIMARY KEY (assessment_id, questionnaire)
);

-- One row per answered question; value NULL means "cleared" (the revision keeps counting).
CREATE TABLE answer (
  assessment_id text NOT NULL,
  questionnaire text NOT NULL,
  question_id text NOT NULL,
  value jsonb,
  revision integer NOT NULL CHECK (revision > 0),
  PRIMARY KEY (assessment_id, question_id),
  FOREIGN KEY (assessment_id, questionnaire)
    REFERENCES questionnaire_state (assessment_id, questionnaire) ON DELETE CASCADE
);

-- The anonymous pool. One row per contribution (the finished questionnaires pooled at one time).
CREATE TABLE pool_system (
  catalog_version text NOT NULL,
  domain text NOT NULL,
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  system uuid NOT NULL,
  questionnaires text[] NOT NULL
);
CREATE INDEX pool_system_group ON pool_system (catalog_version, domain, month);

-- Pooled answers. No assessment id, no token hash, no sequential id, no time finer than the
-- month. `system` is a random key drawn per contribution, only to count distinct systems.
CREATE TABLE pool_answer (
  catalog_version text NOT NULL,
  question_id text NOT NULL,
  -- one selected option id per row (several rows for a multiple-choice answer), or dont_know
  answer text NOT NULL,
  domain text NOT NULL,
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  system uuid NOT NULL
);
CREATE INDEX pool_answer_question ON pool_answer (catalog_version, question_id, domain, month);

-- Per contribution of the security questionnaire: how strongly each mitigation is evidenced (0 = not).
CREATE TABLE pool_mitigation (
  catalog_version text NOT NULL,
  mitigation text NOT NULL,
  strength real NOT NULL CHECK (strength >= 0 AND strength <= 1),
  domain text NOT NULL,
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  system uuid NOT NULL
);
CREATE INDEX pool_mitigation_group ON pool_mitigation (catalog_version, domain, month);

-- Per assessment whose three questionnaires were all pooled: residual risk per attack class,
-- computed by score() at pooling time (weights 0..5).
CREATE TABLE pool_score (
  catalog_version text NOT NULL,
  domain text NOT NULL,
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  system uuid NOT NULL,
  residual jsonb NOT NULL,
  overall double precision NOT NULL
);
CREATE INDEX pool_score_group ON pool_score (catalog_version, domain, month);
