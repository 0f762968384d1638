-- Twelve months of evaluations for the city of city.sql, deterministic from `seed`:
--   2025-12 … 2026-10 published (decided totals 60–99, the bands of Điều 13.1, two A in three
--   lowered to B by the quota, so that A stays under a sixth of A and B);
--   2026-11, the month the benchmarks run in, in every state (draft, self-submitted, reviewed,
--   decided), except: BIG's 5,100 people all decided (the summary and publication benchmarks),
--   and the people of district D1 (the benchmark cohort) with no November yet, so that the
--   benchmark opens, saves and submits them through the API.
\set ON_ERROR_STOP 1
CREATE FUNCTION pg_temp.bid(kind TEXT, key TEXT) RETURNS UUID
  LANGUAGE sql IMMUTABLE AS $$ SELECT md5(current_setting('bench.seed') || ':' || kind || ':' || key)::uuid $$;
\o /dev/null
SELECT set_config('bench.seed', :'seed', false);
\o

CREATE TEMP TABLE subjects AS
SELECT p.id AS person_id, p.external_id, p.unit_id, p.form_code, u.code AS unit_code,
       coalesce(u.parent_id, u.id) AS publishing_unit_id,
       CASE WHEN u.level = 'department' AND p.position_category NOT IN ('head')
            THEN (SELECT h.id FROM people h WHERE h.unit_id = u.id AND h.position_category = 'head') END AS decider_id
FROM people p JOIN units u ON u.id = p.unit_id;

INSERT INTO evaluations (id, person_id, period, unit_id, publishing_unit_id, form_code, form_version, state,
                         decider_id, chain_rule, totals, rank_self, rank_by_points, rank_final,
                         self_submitted_at, reviewed_at, decided_at, published_at, version)
SELECT pg_temp.bid('evaluation', s.external_id || m.period), s.person_id, m.period, s.unit_id, s.publishing_unit_id,
       s.form_code, 1, t.state, s.decider_id, 'department_staff',
       CASE WHEN t.state = 'draft' THEN jsonb_build_object('self', t.total)
            WHEN t.state IN ('self_submitted', 'reviewed') THEN jsonb_build_object('self', t.total, 'reviewer', t.total)
            ELSE jsonb_build_object('self', t.total, 'decider', t.total) END,
       t.band,
       CASE WHEN t.state IN ('decided', 'published') THEN t.band END,
       CASE WHEN t.state IN ('decided', 'published') THEN
            CASE WHEN t.band = 'A' AND t.draw % 3 <> 0 THEN 'B' ELSE t.band END END,
       m.at, CASE WHEN t.state <> 'self_submitted' THEN m.at END,
       CASE WHEN t.state IN ('decided', 'published') THEN m.at END,
       CASE WHEN t.state = 'published' THEN m.at END,
       CASE t.state WHEN 'draft' THEN 2 WHEN 'self_submitted' THEN 3 WHEN 'reviewed' THEN 4 ELSE 5 END
FROM subjects s
CROSS JOIN (SELECT to_char(d, 'YYYY-MM') AS period, d + interval '24 days' AS at
            FROM generate_series(date '2025-12-01', date '2026-11-01', interval '1 month') d) m
CROSS JOIN LATERAL (SELECT abs(hashtext(current_setting('bench.seed') || s.external_id || m.period)) AS draw) d
CROSS JOIN LATERAL (
  SELECT 60 + d.draw % 40 AS total, d.draw,
         CASE WHEN 60 + d.draw % 40 >= 90 THEN 'A' WHEN 60 + d.draw % 40 >= 70 THEN 'B' ELSE 'C' END AS band,
         CASE WHEN m.period < '2026-11' THEN 'published'
              WHEN s.unit_code LIKE 'BIG%' THEN 'decided'
              ELSE (ARRAY['draft', 'self_submitted', 'reviewed', 'decided', 'decided'])[1 + d.draw % 5] END AS state
) t
WHERE NOT (m.period = '2026-11' AND (s.unit_code = 'D1' OR s.unit_code LIKE 'D1-%'));
-- Lower the draft's self-submission mark again (a draft has not been submitted).
UPDATE evaluations SET self_submitted_at = NULL, reviewed_at = NULL WHERE state = 'draft';

-- Each evaluation's history as the API writes it (evaluation_events): a save and the submission
-- of the self-assessment, then the review, the decision and the publication its state has
-- passed; about eleven million rows, so that reading a history costs what it will in production.
INSERT INTO evaluation_events (evaluation_id, at, transition, from_state, to_state, acted_as, revision)
SELECT e.id, date_trunc('month', to_date(e.period, 'YYYY-MM')) + interval '20 days' + s.step * interval '1 day',
       s.transition, s.from_state, s.to_state, s.acted_as, 1
FROM evaluations e
JOIN (VALUES (1, 'save_self', 'draft', 'draft', 'self'),
             (2, 'submit', 'draft', 'self_submitted', 'self'),
             (3, 'submit_review', 'self_submitted', 'reviewed', 'reviewer'),
             (4, 'decide', 'reviewed', 'decided', 'decider'),
             (5, 'publish', 'decided', 'published', 'unit_head')) AS s(step, transition, from_state, to_state, acted_as)
  ON s.step <= CASE e.state WHEN 'draft' THEN 1 WHEN 'self_submitted' THEN 2 WHEN 'reviewed' THEN 3
                            WHEN 'decided' THEN 4 ELSE 5 END;

-- The published counts the statistics read (what publication writes, and the nightly rebuild).
INSERT INTO rank_counts
SELECT e.period, e.publishing_unit_id, e.unit_id, p.position_category, e.form_code, e.rank_final,
       count(*) FILTER (WHERE e.rank_by_points = 'A' AND e.rank_final = 'B'), count(*)
FROM evaluations e JOIN people p ON p.id = e.person_id
WHERE e.state = 'published' AND e.rank_final IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
ANALYZE;
