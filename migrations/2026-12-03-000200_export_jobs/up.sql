-- Long exports run as jobs (issue 11): the job with its progress, and the file it wrote in
-- chunks of about 1 MiB, so that neither writing nor downloading holds a whole file in memory
-- and any API replica can serve the download. Files expire (expires_at) and are deleted then.
CREATE TABLE export_jobs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    -- What is exported: `search_evaluations`.
    kind TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    -- The filters, as the query string of the synchronous export.
    query TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
    -- Rows matching the filters when the job started (an upper bound: rows the access policy
    -- then refuses are left out); the rows written once it has succeeded.
    total_rows BIGINT NOT NULL DEFAULT 0,
    processed_rows BIGINT NOT NULL DEFAULT 0,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    byte_size BIGINT NOT NULL DEFAULT 0,
    -- Why it failed: {code, message_vi, message_en}.
    error JSONB,
    -- The account or service client that started it (the only one who may read it).
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX export_jobs_created_by_idx ON export_jobs (created_by, created_at DESC);
CREATE INDEX export_jobs_expires_at_idx ON export_jobs (expires_at);

CREATE TABLE export_chunks (
    export_id UUID NOT NULL REFERENCES export_jobs (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq >= 0),
    data BYTEA NOT NULL,
    PRIMARY KEY (export_id, seq)
);
