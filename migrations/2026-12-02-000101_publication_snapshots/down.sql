ALTER TABLE publications
    DROP COLUMN snapshot_revision,
    DROP COLUMN snapshot;
