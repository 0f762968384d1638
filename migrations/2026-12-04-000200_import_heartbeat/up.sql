-- An import's heartbeat (issue 13): touched every few seconds by the process that holds the job,
-- queued or running. A job whose heartbeat has stopped was left by a process that died (nothing
-- of it was applied: an import commits in one transaction): it is failed, and its starter may
-- import again, within a minute rather than an hour.
ALTER TABLE imports ADD COLUMN heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now();
