-- Systems that pooled each questionnaire, per catalog version, domain and month: the population of
-- every question of that questionnaire in a trends cell (src/store/trends.ts). Kept in step with
-- pool_system by every insert, like pool_count and pool_question.
CREATE TABLE pool_questionnaire (
  catalog_version text NOT NULL,
  domain text NOT NULL,
  month text NOT NULL,
  questionnaire text NOT NULL,
  systems bigint NOT NULL,
  PRIMARY KEY (catalog_version, domain, month, questionnaire)
);

INSERT INTO pool_questionnaire (catalog_version, domain, month, questionnaire, systems)
SELECT catalog_version, domain, month, q, count(*)
  FROM pool_system CROSS JOIN LATERAL unnest(questionnaires) AS q
 GROUP BY catalog_version, domain, month, q;
