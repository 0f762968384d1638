-- What was published, frozen as published (Điều 13.2): the unit summary (people, posts,
-- groups, ranks) as it stood at publication; a correction updates it with a new revision.
ALTER TABLE publications
    ADD COLUMN snapshot JSONB,
    ADD COLUMN snapshot_revision INTEGER NOT NULL DEFAULT 1;
