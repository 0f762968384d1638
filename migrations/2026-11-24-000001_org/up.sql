-- Organisation: units ("cơ quan, đơn vị", departments included) and people with their current post.
-- The org issue extends this (post history, in-charge relations, assignments, delegations).

CREATE TABLE units (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('city', 'agency', 'district', 'commune', 'department')),
    bloc        TEXT NOT NULL CHECK (bloc IN ('party', 'government', 'elected', 'front')),
    parent_id   UUID REFERENCES units (id),
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT units_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX units_code_key ON units (lower(code));
CREATE INDEX units_parent_id_idx ON units (parent_id);

CREATE TABLE people (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    external_id       TEXT UNIQUE,
    full_name         TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    email             TEXT,
    unit_id           UUID NOT NULL REFERENCES units (id),
    position_category TEXT NOT NULL CHECK (position_category IN ('head', 'deputy', 'staff', 'contract')),
    position_title    TEXT NOT NULL,
    form_code         SMALLINT NOT NULL CHECK (form_code BETWEEN 1 AND 19),
    active            BOOLEAN NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX people_unit_id_idx ON people (unit_id);
