-- The nightly recount of rank_counts for the current and the previous month (the scheduler's
-- `stats` job): the counts are kept in step by publication and corrections; this rebuilds them
-- from the evaluations, so that any drift lasts a night at most.
INSERT INTO scheduled_jobs (name, every_seconds, next_run_at)
VALUES ('stats', 24 * 3600, date_trunc('day', now(), 'UTC') + interval '1 day' + interval '19 hours');
