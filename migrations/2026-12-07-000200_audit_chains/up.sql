-- The audit trail as sixteen hash chains instead of one (issue 13): every audited write in the
-- system used to wait for the one chain's lock. A transaction appends to one chain, chosen by
-- its actor (persistence/src/queries/audit.rs), so writes by different people rarely wait for
-- each other. Each chain is linked and checkpointed like the single chain was; the rows written
-- before stay chain 0, whose links go on unchanged.
ALTER TABLE audit_log ADD COLUMN chain SMALLINT NOT NULL DEFAULT 0;
CREATE INDEX audit_log_chain_idx ON audit_log (chain, id);

-- A checkpoint per day and chain.
ALTER TABLE audit_checkpoints ADD COLUMN chain SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE audit_checkpoints DROP CONSTRAINT audit_checkpoints_pkey;
ALTER TABLE audit_checkpoints ADD PRIMARY KEY (day, chain);

CREATE OR REPLACE FUNCTION audit_checkpoints_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.day = OLD.day AND NEW.chain = OLD.chain
       AND NEW.last_id >= OLD.last_id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit checkpoints only move forward' USING ERRCODE = 'insufficient_privilege';
END $$;

-- Takes the lock of chain `wanted` (or of the chain this transaction already appended to: one
-- chain a transaction, so two transactions never wait for each other's chains in opposite
-- orders), reads that chain's head and reserves the ids of the rows to come.
DROP FUNCTION audit_reserve(bigint, integer);
CREATE FUNCTION audit_reserve(lock_key bigint, wanted smallint, entries integer,
                              OUT chain_used smallint, OUT head bytea, OUT ids bigint[])
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    chain_used := coalesce(nullif(current_setting('danhgia.audit_chain', true), '')::smallint,
                           wanted);
    PERFORM set_config('danhgia.audit_chain', chain_used::text, true);
    PERFORM pg_advisory_xact_lock(lock_key + chain_used);
    -- A statement of its own after the lock: a VOLATILE function takes a new snapshot for each
    -- statement, so this sees every append to the chain committed before the lock was granted.
    SELECT a.hash INTO head FROM audit_log a WHERE a.chain = chain_used ORDER BY a.id DESC LIMIT 1;
    SELECT array_agg(id ORDER BY id) INTO ids
    FROM (SELECT nextval('audit_log_id_seq') AS id FROM generate_series(1, entries)) AS reserved;
END $$;
