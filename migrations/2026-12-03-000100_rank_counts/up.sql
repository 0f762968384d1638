-- Published final ranks counted by month, publishing unit, unit, post category and form: the
-- statistics read these few rows per unit instead of the evaluations (issue 11, speed). The API
-- recounts a publishing unit's month when it publishes and when a published evaluation is
-- corrected (services::stats::recount), inside the same transaction.
CREATE TABLE rank_counts (
    period TEXT NOT NULL,
    publishing_unit_id UUID NOT NULL REFERENCES units (id),
    unit_id UUID NOT NULL REFERENCES units (id),
    position_category TEXT NOT NULL,
    form_code SMALLINT NOT NULL,
    rank TEXT NOT NULL CHECK (rank IN ('A', 'B', 'C', 'D')),
    -- Of `n`, those qualified for A by points and ranked B by the quota.
    qualified_a_ranked_b INTEGER NOT NULL DEFAULT 0,
    n INTEGER NOT NULL CHECK (n > 0),
    PRIMARY KEY (period, publishing_unit_id, unit_id, position_category, form_code, rank)
);
CREATE INDEX rank_counts_unit_period_idx ON rank_counts (unit_id, period);

INSERT INTO rank_counts
SELECT e.period, e.publishing_unit_id, e.unit_id, p.position_category, e.form_code, e.rank_final,
       count(*) FILTER (WHERE e.rank_by_points = 'A' AND e.rank_final = 'B'
                          AND NOT ('knocked_out' = ANY (e.flags))),
       count(*)
FROM evaluations e JOIN people p ON p.id = e.person_id
WHERE e.state = 'published' AND e.rank_final IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;
