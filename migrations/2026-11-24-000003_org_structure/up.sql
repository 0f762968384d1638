-- The org tree with a materialised path, post history, deputies' fields, explicit evaluator
-- assignments, delegations, functional accounts, service clients, the audit trail and imports.

-- Materialised path '/<root id>/.../<own id>/': subtree queries are one indexed prefix match.
-- Triggers keep it right on insert and on a move, and refuse cycles.
ALTER TABLE units ADD COLUMN path TEXT;
WITH RECURSIVE tree AS (
    SELECT id, '/' || id || '/' AS path FROM units WHERE parent_id IS NULL
    UNION ALL
    SELECT u.id, t.path || u.id || '/' FROM units u JOIN tree t ON u.parent_id = t.id
)
UPDATE units SET path = tree.path FROM tree WHERE units.id = tree.id;
ALTER TABLE units ALTER COLUMN path SET NOT NULL;
CREATE INDEX units_path_idx ON units (path text_pattern_ops);

CREATE FUNCTION units_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent_path TEXT;
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.path := '/' || NEW.id || '/';
    ELSE
        SELECT path INTO parent_path FROM units WHERE id = NEW.parent_id;
        IF parent_path IS NULL THEN
            RAISE EXCEPTION 'parent unit % does not exist', NEW.parent_id
                USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'units_parent_id_fkey';
        END IF;
        IF position('/' || NEW.id || '/' IN parent_path) > 0 THEN
            RAISE EXCEPTION 'unit % cannot move under its own subtree', NEW.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'units_no_cycle';
        END IF;
        NEW.path := parent_path || NEW.id || '/';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER units_path_on_insert BEFORE INSERT ON units
    FOR EACH ROW EXECUTE FUNCTION units_set_path();
CREATE TRIGGER units_path_on_move BEFORE UPDATE OF parent_id ON units
    FOR EACH ROW EXECUTE FUNCTION units_set_path();

CREATE FUNCTION units_move_subtree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.path <> OLD.path THEN
        UPDATE units SET path = NEW.path || substr(path, length(OLD.path) + 1)
        WHERE path LIKE OLD.path || '_%';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER units_subtree_on_move AFTER UPDATE OF parent_id ON units
    FOR EACH ROW EXECUTE FUNCTION units_move_subtree();

-- Who held which post, when (Điều 20.4). The open row mirrors people's current post.
CREATE TABLE post_history (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id         UUID NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    unit_id           UUID NOT NULL REFERENCES units (id),
    position_category TEXT NOT NULL CHECK (position_category IN ('head', 'deputy', 'staff', 'contract')),
    position_title    TEXT NOT NULL,
    form_code         SMALLINT NOT NULL CHECK (form_code BETWEEN 1 AND 19),
    started_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at          TIMESTAMPTZ,
    reason            TEXT
);
CREATE INDEX post_history_person_idx ON post_history (person_id, started_at);
CREATE UNIQUE INDEX post_history_one_open ON post_history (person_id) WHERE ended_at IS NULL;
INSERT INTO post_history (person_id, unit_id, position_category, position_title, form_code, started_at)
SELECT id, unit_id, position_category, position_title, form_code, created_at FROM people;

-- Deputies' fields: a unit deputy oversees departments, a department deputy oversees people.
CREATE TABLE in_charge_units (
    person_id UUID NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    unit_id   UUID NOT NULL REFERENCES units (id),
    PRIMARY KEY (person_id, unit_id)
);
CREATE TABLE in_charge_people (
    person_id  UUID NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    subject_id UUID NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, subject_id),
    CHECK (person_id <> subject_id)
);
CREATE INDEX in_charge_people_subject_idx ON in_charge_people (subject_id);

-- Explicit evaluators (Điều 10.1; DESIGN 2.4 rule 1), valid between two dates.
CREATE TABLE evaluator_assignments (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id   UUID NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    reviewer_id UUID REFERENCES people (id),
    decider_id  UUID REFERENCES people (id),
    valid_from  DATE NOT NULL,
    valid_until DATE,
    note        TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (reviewer_id IS NOT NULL OR decider_id IS NOT NULL),
    CHECK (reviewer_id IS DISTINCT FROM person_id AND decider_id IS DISTINCT FROM person_id),
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX evaluator_assignments_person_idx ON evaluator_assignments (person_id);

-- Acting leaders ("quyền", "phụ trách") of a unit, between two dates.
CREATE TABLE delegations (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    unit_id          UUID NOT NULL REFERENCES units (id),
    acting_person_id UUID NOT NULL REFERENCES people (id),
    valid_from       DATE NOT NULL,
    valid_until      DATE,
    note             TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX delegations_unit_idx ON delegations (unit_id);

-- Accounts: personal (person_id) or functional (unit admin, aggregator) held by a person.
ALTER TABLE accounts
    ADD COLUMN holder_person_id UUID REFERENCES people (id),
    ADD COLUMN valid_until TIMESTAMPTZ,
    ADD COLUMN status_reason TEXT;
CREATE INDEX accounts_holder_idx ON accounts (holder_person_id);

-- The unit admin account is granted by a recorded decision; exactly one per unit (Điều 3.10).
ALTER TABLE account_roles
    ADD COLUMN decision_number TEXT,
    ADD COLUMN decision_date DATE;
CREATE UNIQUE INDEX account_roles_one_admin_per_unit ON account_roles (unit_id) WHERE role = 'unit_admin';

-- HR systems calling the API with client credentials.
CREATE TABLE service_clients (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    client_id   TEXT NOT NULL UNIQUE CHECK (length(client_id) BETWEEN 3 AND 64),
    secret_hash TEXT NOT NULL,
    name        TEXT NOT NULL,
    unit_id     UUID REFERENCES units (id),
    scopes      TEXT[] NOT NULL DEFAULT '{}',
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Append-only, hash-chained record of every change: each row's hash covers its content and the
-- previous row's hash, so a changed or deleted row breaks the chain (`api verify-audit`).
CREATE TABLE audit_log (
    id                BIGSERIAL PRIMARY KEY,
    at                TIMESTAMPTZ NOT NULL,
    actor_account_id  UUID,
    actor_client_id   UUID,
    ip                TEXT,
    action            TEXT NOT NULL,
    entity            TEXT NOT NULL,
    entity_id         TEXT NOT NULL,
    unit_id           UUID,
    before            JSONB,
    after             JSONB,
    prev_hash         BYTEA NOT NULL,
    hash              BYTEA NOT NULL UNIQUE
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_unit_idx ON audit_log (unit_id, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Bulk imports of people: a job with progress and per-row errors.
CREATE TABLE imports (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    kind           TEXT NOT NULL CHECK (kind IN ('people')),
    status         TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
    file_name      TEXT NOT NULL,
    file_sha256    BYTEA NOT NULL,
    total_rows     INTEGER NOT NULL DEFAULT 0,
    processed_rows INTEGER NOT NULL DEFAULT 0,
    created_rows   INTEGER NOT NULL DEFAULT 0,
    updated_rows   INTEGER NOT NULL DEFAULT 0,
    unchanged_rows INTEGER NOT NULL DEFAULT 0,
    errors         JSONB NOT NULL DEFAULT '[]',
    created_by     UUID,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at    TIMESTAMPTZ
);
