ALTER TABLE export_jobs DROP COLUMN updated_at;
