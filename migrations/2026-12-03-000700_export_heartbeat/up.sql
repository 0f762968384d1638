-- An export job's heartbeat: set when it starts and at each progress report. A job is taken
-- as left by a dead server when its heartbeat is old, not when it was created long ago (it may
-- have waited its turn).
ALTER TABLE export_jobs ADD COLUMN updated_at TIMESTAMPTZ;
UPDATE export_jobs SET updated_at = created_at;
ALTER TABLE export_jobs ALTER COLUMN updated_at SET NOT NULL;
