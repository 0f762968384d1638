-- The audit trail cannot be emptied, and its newest rows cannot be cut off unnoticed.

-- TRUNCATE fires no row trigger: refuse it with a statement trigger.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The head of the chain for each day (UTC) on which entries were appended: the id and hash of
-- that day's last row, signed with HMAC-SHA256 under a key the database does not hold
-- (AUDIT_CHECKPOINT_KEY). Written in the appending transaction, so the newest checkpoint names
-- the newest row: deleting rows at the end of the chain leaves a checkpoint naming a row that
-- is gone, and a forged checkpoint has no valid signature (`api verify-audit`).
CREATE TABLE audit_checkpoints (
    day        DATE PRIMARY KEY,
    last_id    BIGINT NOT NULL,
    head_hash  BYTEA NOT NULL,
    signature  BYTEA NOT NULL,
    signed_at  TIMESTAMPTZ NOT NULL
);

-- A checkpoint only moves forward on its day; it is never deleted.
CREATE FUNCTION audit_checkpoints_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.day = OLD.day AND NEW.last_id >= OLD.last_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit checkpoints only move forward' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_checkpoints_forward BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_forward_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- When the application's role exists (docs/configuration.md "Database roles"), it may only read
-- and append to the trail, and read, add and advance checkpoints. Creates no role.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'danhgia_app') THEN
        REVOKE ALL ON audit_log, audit_checkpoints FROM danhgia_app;
        GRANT SELECT, INSERT ON audit_log TO danhgia_app;
        GRANT SELECT, INSERT, UPDATE ON audit_checkpoints TO danhgia_app;
    END IF;
END $$;
