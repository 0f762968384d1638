-- What an audit append does before it hashes, in one round trip (issue 13): take the chain's
-- lock, read its head, and reserve the ids of the rows to come. With the ids known, the rows and
-- the day's checkpoint are then written in one statement, so the lock that serialises every
-- audited write is held for two round trips and the commit instead of four.
CREATE FUNCTION audit_reserve(lock_key bigint, entries integer, OUT head bytea, OUT ids bigint[])
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    -- A statement of its own after the lock: a VOLATILE function takes a new snapshot for each
    -- statement, so this sees every append committed before the lock was granted.
    SELECT hash INTO head FROM audit_log ORDER BY id DESC LIMIT 1;
    SELECT array_agg(id ORDER BY id) INTO ids
    FROM (SELECT nextval('audit_log_id_seq') AS id FROM generate_series(1, entries)) AS reserved;
END $$;
