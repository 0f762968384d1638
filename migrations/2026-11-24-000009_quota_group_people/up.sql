-- Splitting quota groups: a person placed in a named group of their publishing unit, whatever
-- their form (DESIGN 2.2: the unit admin can split or merge groups).
CREATE TABLE quota_group_people (
    unit_id    UUID NOT NULL REFERENCES units (id),
    person_id  UUID NOT NULL REFERENCES people (id),
    group_name TEXT NOT NULL,
    PRIMARY KEY (unit_id, person_id)
);
