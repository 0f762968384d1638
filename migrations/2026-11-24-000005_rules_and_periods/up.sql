-- Criteria forms as versioned data, the quota policy, period calendars with their overrides,
-- and personal extensions.

-- Each version of a form ("mẫu phiếu", Điều 11) is kept: past evaluations name the version
-- they were scored with. `definition` is the domain's form JSON.
CREATE TABLE forms (
    code             SMALLINT NOT NULL CHECK (code BETWEEN 1 AND 19),
    version          INTEGER NOT NULL CHECK (version >= 1),
    title            TEXT NOT NULL,
    effective_from   DATE NOT NULL,
    editable_default BOOLEAN NOT NULL,
    definition       JSONB NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by       UUID,
    PRIMARY KEY (code, version)
);

-- One system-wide quota policy (DESIGN 2.2) and overrides for exceptional units.
CREATE TABLE quota_policy (
    id         SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    policy     JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by UUID
);
CREATE TABLE quota_overrides (
    unit_id         UUID PRIMARY KEY REFERENCES units (id),
    decision_number TEXT NOT NULL,
    percent         INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Changed deadlines of a period, for everyone (unit_id NULL) or a unit's subtree (Điều 12).
CREATE TABLE period_overrides (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    period             TEXT NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    unit_id            UUID REFERENCES units (id),
    plan_due           TIMESTAMPTZ,
    self_opens         TIMESTAMPTZ,
    self_closes        TIMESTAMPTZ,
    decision_closes    TIMESTAMPTZ,
    publication_closes TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by         UUID
);
CREATE INDEX period_overrides_period_idx ON period_overrides (period);

-- More time for one person and one step.
CREATE TABLE period_extensions (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    period     TEXT NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    person_id  UUID NOT NULL REFERENCES people (id),
    step       TEXT NOT NULL CHECK (step IN ('plan', 'self', 'review', 'decision', 'publication')),
    until      TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by UUID
);
CREATE INDEX period_extensions_person_idx ON period_extensions (person_id, period);
