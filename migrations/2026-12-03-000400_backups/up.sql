-- Backups (Điều 13.2.2): each pg_dump archive written, with its manifest (rows and a checksum
-- per table, taken in the same snapshot as the dump) and whether a restore of it was verified.
CREATE TABLE backups (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    file_name TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'written', 'verified', 'failed', 'deleted')),
    byte_size BIGINT NOT NULL DEFAULT 0,
    -- SHA-256 of the archive, hex.
    sha256 TEXT,
    -- {"tables": {"name": {"rows": n, "checksum": "md5"}}, "server_version": "…"}.
    manifest JSONB,
    -- The account that asked for it; none: the scheduler.
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    verified_at TIMESTAMPTZ,
    -- What the last step found (why it failed, what the verification compared).
    message TEXT
);
CREATE INDEX backups_created_at_idx ON backups (created_at DESC);

INSERT INTO scheduled_jobs (name, every_seconds, next_run_at)
VALUES ('backup', 30 * 24 * 3600, date_trunc('month', now(), 'Asia/Ho_Chi_Minh') + interval '1 month');
