-- The monthly evaluation of one person (Điều 12, 13): three score columns, the workflow state,
-- ranks, its history and revisions; publications, commendation lists and idempotency keys.

CREATE TABLE evaluations (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id          UUID NOT NULL REFERENCES people (id),
    period             TEXT NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    unit_id            UUID NOT NULL REFERENCES units (id),
    publishing_unit_id UUID NOT NULL REFERENCES units (id),
    form_code          SMALLINT NOT NULL,
    form_version       INTEGER NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('draft', 'self_submitted', 'reviewed', 'decided', 'published')),
    -- Bumped by every write: the ETag, so a stale write is refused.
    version            INTEGER NOT NULL DEFAULT 1,
    revision           INTEGER NOT NULL DEFAULT 1,
    reviewer_id        UUID REFERENCES people (id),
    decider_id         UUID REFERENCES people (id),
    chain_rule         TEXT NOT NULL,
    -- [{criterion_id, self?, reviewer?, decider?, note?}]
    scores             JSONB NOT NULL DEFAULT '[]',
    -- {self?, reviewer?, decider?} totals, and the completion % each column used
    totals             JSONB NOT NULL DEFAULT '{}',
    comments           JSONB NOT NULL DEFAULT '{}',
    completion         JSONB NOT NULL DEFAULT '{}',
    knock_outs         JSONB NOT NULL DEFAULT '[]',
    rank_self          TEXT CHECK (rank_self IN ('A', 'B', 'C', 'D')),
    rank_by_points     TEXT CHECK (rank_by_points IN ('A', 'B', 'C', 'D')),
    rank_final         TEXT CHECK (rank_final IN ('A', 'B', 'C', 'D')),
    adjust_reason      TEXT,
    flags              TEXT[] NOT NULL DEFAULT '{}',
    self_submitted_at  TIMESTAMPTZ,
    reviewed_at        TIMESTAMPTZ,
    decided_at         TIMESTAMPTZ,
    published_at       TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (person_id, period)
);
CREATE INDEX evaluations_unit_period_idx ON evaluations (publishing_unit_id, period);
CREATE INDEX evaluations_period_idx ON evaluations (period, id);
CREATE INDEX evaluations_reviewer_idx ON evaluations (reviewer_id, period);
CREATE INDEX evaluations_decider_idx ON evaluations (decider_id, period);

CREATE TABLE evaluation_events (
    id              BIGSERIAL PRIMARY KEY,
    evaluation_id   UUID NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    at              TIMESTAMPTZ NOT NULL,
    account_id      UUID,
    transition      TEXT NOT NULL,
    from_state      TEXT NOT NULL,
    to_state        TEXT NOT NULL,
    acted_as        TEXT NOT NULL,
    reason          TEXT,
    revision        INTEGER NOT NULL
);
CREATE INDEX evaluation_events_evaluation_idx ON evaluation_events (evaluation_id, id);

-- A published evaluation corrected later keeps each earlier revision whole.
CREATE TABLE evaluation_revisions (
    evaluation_id UUID NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    revision      INTEGER NOT NULL,
    snapshot      JSONB NOT NULL,
    replaced_at   TIMESTAMPTZ NOT NULL,
    reason        TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, revision)
);

CREATE TABLE publications (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id      UUID NOT NULL REFERENCES units (id),
    period       TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    published_by UUID,
    UNIQUE (unit_id, period)
);

-- The commendation proposal list (Điều 13.2): the month's A by default, editable until sent.
CREATE TABLE commendations (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id    UUID NOT NULL REFERENCES units (id),
    period     TEXT NOT NULL,
    person_id  UUID NOT NULL REFERENCES people (id),
    reason     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (unit_id, period, person_id)
);

-- Quota groups: form codes a publishing unit merges under one name (DESIGN 2.2); by default
-- each form is its own group.
CREATE TABLE quota_group_forms (
    unit_id    UUID NOT NULL REFERENCES units (id),
    form_code  SMALLINT NOT NULL CHECK (form_code BETWEEN 1 AND 19),
    group_name TEXT NOT NULL,
    PRIMARY KEY (unit_id, form_code)
);

-- A retried POST with the same Idempotency-Key answers the first response and acts once.
CREATE TABLE idempotency_keys (
    caller      TEXT NOT NULL,
    key         TEXT NOT NULL,
    scope       TEXT NOT NULL,
    status      SMALLINT,
    body        JSONB,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (caller, key)
);
