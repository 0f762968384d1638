-- Makes the database of bench/generate ready for a benchmark run, again and again: the cohort
-- (everyone in district D1, in a fixed shuffled order) without a November, BIG's November decided
-- and unpublished, an aggregator of the city (`bench.agg`), and a session for each cohort member,
-- BIG's head and the aggregator, with known ids.
SET client_min_messages = warning;
\set ON_ERROR_STOP 1
DROP TABLE IF EXISTS bench_cohort;
CREATE TABLE bench_cohort AS
SELECT (row_number() OVER (ORDER BY hashtext(a.username), a.username) - 1)::int AS n,
       a.id AS account_id, md5('bench-session:' || a.id)::uuid AS session_id, a.username,
       p.id AS person_id, NULL::uuid AS evaluation_id
FROM accounts a JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id
WHERE u.code = 'D1' OR u.code LIKE 'D1-%';
ALTER TABLE bench_cohort ADD PRIMARY KEY (n);

DELETE FROM evaluations WHERE period = '2026-11' AND person_id IN (SELECT person_id FROM bench_cohort);
DELETE FROM publications WHERE period = '2026-11' AND unit_id = (SELECT id FROM units WHERE code = 'BIG');
DELETE FROM rank_counts WHERE period = '2026-11' AND publishing_unit_id = (SELECT id FROM units WHERE code = 'BIG');
UPDATE evaluations SET state = 'decided', published_at = NULL
WHERE period = '2026-11' AND publishing_unit_id = (SELECT id FROM units WHERE code = 'BIG') AND state = 'published';

-- An aggregator of the whole city, for the statistics and exports.
INSERT INTO accounts (id, username, password_hash, must_change_password, password_changed_at)
SELECT md5('bench-account:bench.agg')::uuid, 'bench.agg', password_hash, false, now()
FROM accounts WHERE username = 'lbig-1'
ON CONFLICT DO NOTHING;
INSERT INTO account_roles (id, account_id, role, unit_id)
SELECT md5('bench-role:bench.agg')::uuid, md5('bench-account:bench.agg')::uuid, 'aggregator', id
FROM units WHERE code = 'HN'
ON CONFLICT DO NOTHING;

INSERT INTO sessions (id, account_id, expires_at)
SELECT session_id, account_id, now() + interval '1 day' FROM bench_cohort
UNION ALL
SELECT md5('bench-session:' || id)::uuid, id, now() + interval '1 day' FROM accounts WHERE username IN ('lbig-1', 'bench.agg')
ON CONFLICT (id) DO UPDATE SET revoked_at = NULL, revoked_reason = NULL, expires_at = EXCLUDED.expires_at;
VACUUM ANALYZE evaluations;
