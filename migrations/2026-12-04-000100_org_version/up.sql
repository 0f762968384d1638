-- The version of the organisation (issue 13): bumped in the transaction of every change to what
-- an evaluation chain or a caller's roles and post are read from, so that the API can keep
-- those in memory and know, with one read, whether they still hold. A row, not a sequence: the
-- new number becomes visible with the change itself, never before it.
CREATE TABLE org_version (
    id      BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    version BIGINT NOT NULL
);
INSERT INTO org_version (id, version) VALUES (TRUE, 1);

CREATE FUNCTION bump_org_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE org_version SET version = version + 1;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['units', 'people', 'delegations', 'in_charge_units', 'in_charge_people',
                             'evaluator_assignments', 'evaluator_rules', 'account_roles'] LOOP
        EXECUTE format('CREATE TRIGGER org_version_%1$s AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %1$I
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_org_version()', t);
    END LOOP;
END
$$;
