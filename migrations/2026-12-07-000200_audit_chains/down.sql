-- Rows in chains other than 0 cannot be folded back into one chain: refuse rather than break it.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM audit_log WHERE chain <> 0) THEN
        RAISE EXCEPTION 'the audit trail has rows in chains other than 0';
    END IF;
END $$;
DROP FUNCTION audit_reserve(bigint, smallint, integer);
CREATE FUNCTION audit_reserve(lock_key bigint, entries integer, OUT head bytea, OUT ids bigint[])
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    SELECT hash INTO head FROM audit_log ORDER BY id DESC LIMIT 1;
    SELECT array_agg(id ORDER BY id) INTO ids
    FROM (SELECT nextval('audit_log_id_seq') AS id FROM generate_series(1, entries)) AS reserved;
END $$;
CREATE OR REPLACE FUNCTION audit_checkpoints_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.day = OLD.day AND NEW.last_id >= OLD.last_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit checkpoints only move forward' USING ERRCODE = 'insufficient_privilege';
END $$;
ALTER TABLE audit_checkpoints DROP CONSTRAINT audit_checkpoints_pkey;
ALTER TABLE audit_checkpoints ADD PRIMARY KEY (day);
ALTER TABLE audit_checkpoints DROP COLUMN chain;
DROP INDEX audit_log_chain_idx;
ALTER TABLE audit_log DROP COLUMN chain;
