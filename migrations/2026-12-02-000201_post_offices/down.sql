DROP TABLE evaluator_rules;
DROP INDEX people_office;
ALTER TABLE post_history DROP COLUMN office;
ALTER TABLE people DROP COLUMN office;
