DROP TABLE idempotency_keys;
DROP TABLE quota_group_forms;
DROP TABLE commendations;
DROP TABLE publications;
DROP TABLE evaluation_revisions;
DROP TABLE evaluation_events;
DROP TABLE evaluations;
