-- Entries still waiting would be lost: refuse rather than drop them (start `api serve`, or call
-- GET /api/v1/audit/verify, to link them first).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM audit_pending) THEN
        RAISE EXCEPTION 'audit_pending still holds entries not linked into the trail';
    END IF;
END $$;
DROP TABLE audit_pending;
CREATE FUNCTION audit_reserve(lock_key bigint, wanted smallint, entries integer,
                              OUT chain_used smallint, OUT head bytea, OUT ids bigint[])
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    chain_used := coalesce(nullif(current_setting('danhgia.audit_chain', true), '')::smallint,
                           wanted);
    PERFORM set_config('danhgia.audit_chain', chain_used::text, true);
    PERFORM pg_advisory_xact_lock(lock_key + chain_used);
    SELECT a.hash INTO head FROM audit_log a WHERE a.chain = chain_used ORDER BY a.id DESC LIMIT 1;
    SELECT array_agg(id ORDER BY id) INTO ids
    FROM (SELECT nextval('audit_log_id_seq') AS id FROM generate_series(1, entries)) AS reserved;
END $$;
