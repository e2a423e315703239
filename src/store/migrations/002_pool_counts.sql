-- Running totals of the pool, kept in step with pool_answer by every insert, so trend queries read a
-- few thousand cells instead of scanning a million rows. Same content as the raw rows, summed.

-- Systems that chose each answer, per question, domain and month.
CREATE TABLE pool_count (
  catalog_version text NOT NULL,
  question_id text NOT NULL,
  answer text NOT NULL,
  domain text NOT NULL,
  month text NOT NULL,
  systems bigint NOT NULL,
  PRIMARY KEY (catalog_version, question_id, domain, month, answer)
);

-- Systems that answered each question (differs from the sum above for multiple choice).
CREATE TABLE pool_question (
  catalog_version text NOT NULL,
  question_id text NOT NULL,
  domain text NOT NULL,
  month text NOT NULL,
  systems bigint NOT NULL,
  PRIMARY KEY (catalog_version, question_id, domain, month)
);

INSERT INTO pool_count (catalog_version, question_id, answer, domain, month, systems)
SELECT catalog_version, question_id, answer, domain, month, count(*)
  FROM pool_answer GROUP BY catalog_version, question_id, answer, domain, month;

INSERT INTO pool_question (catalog_version, question_id, domain, month, systems)
SELECT catalog_version, question_id, domain, month, count(DISTINCT system)
  FROM pool_answer GROUP BY catalog_version, question_id, domain, month;
