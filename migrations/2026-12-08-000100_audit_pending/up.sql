-- Audit entries are linked into their hash chains in the background (issue 13): a transaction
-- that changes something writes its entries here, in the same transaction, without taking any
-- lock; the linker (persistence/src/queries/audit.rs `link_pending`, run by `api serve` a few
-- times a second and by every reader of the trail before it reads) moves them, in the order
-- they were written, into `audit_log` with their ids, links and the day's signed checkpoint.
-- Every audited write used to wait for its chain's lock until its commit, and spent a round
-- trip and a locked read of the chain's head on it.
CREATE TABLE audit_pending (
    -- The order entries were written in; only the linker reads it.
    seq               BIGSERIAL PRIMARY KEY,
    chain             SMALLINT NOT NULL,
    at                TIMESTAMPTZ NOT NULL,
    actor_account_id  UUID,
    actor_client_id   UUID,
    ip                TEXT,
    action            TEXT NOT NULL,
    entity            TEXT NOT NULL,
    entity_id         TEXT NOT NULL,
    unit_id           UUID,
    before            JSONB,
    after             JSONB
);

-- Entries are no longer linked by the transaction that writes them.
DROP FUNCTION audit_reserve(bigint, smallint, integer);

-- When the application's role exists (docs/configuration.md "Database roles"), it may write
-- entries and the linker may take them, but nobody through it changes one while it waits.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'danhgia_app') THEN
        REVOKE ALL ON audit_pending FROM danhgia_app;
        GRANT SELECT, INSERT, DELETE ON audit_pending TO danhgia_app;
    END IF;
END $$;
