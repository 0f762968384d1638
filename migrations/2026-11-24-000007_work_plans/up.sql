-- Work plans (Điều 12.1): the monthly plan, the weekly schedule and ad-hoc tasks of a person,
-- each with status and completion, and the leader's comments on them.
CREATE TABLE plan_items (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id          UUID NOT NULL REFERENCES people (id),
    period             TEXT NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    kind               TEXT NOT NULL CHECK (kind IN ('monthly', 'weekly', 'ad_hoc')),
    week               SMALLINT CHECK (week BETWEEN 1 AND 6),
    title              TEXT NOT NULL CHECK (length(trim(title)) > 0),
    expected_output    TEXT,
    due_date           DATE,
    status             TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'late', 'cancelled')),
    completion_percent SMALLINT NOT NULL DEFAULT 0 CHECK (completion_percent BETWEEN 0 AND 100),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((kind = 'weekly') = (week IS NOT NULL))
);
CREATE INDEX plan_items_person_period_idx ON plan_items (person_id, period);

CREATE TABLE plan_comments (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id        UUID NOT NULL REFERENCES people (id),
    period           TEXT NOT NULL,
    item_id          UUID REFERENCES plan_items (id) ON DELETE CASCADE,
    author_person_id UUID NOT NULL REFERENCES people (id),
    text             TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX plan_comments_person_period_idx ON plan_comments (person_id, period);
