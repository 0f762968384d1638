-- The organisation's version is bumped once per transaction, at its commit, and only when a row
-- changed (issue 13). A statement trigger bumped it at each statement, even one that changed
-- nothing, and held the version's row locked from there to the commit: every change to the
-- organisation waited for every other, and two of them could deadlock on it and a unit's row.
-- A deferred row trigger runs at the commit, after every other lock is taken, and the flag
-- (local to the transaction) makes its first run the only one that writes.
-- The calendar's overrides and extensions are now kept by the API too, under the same version.
CREATE FUNCTION bump_org_version_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('danhgia.org_version_bumped', true) IS DISTINCT FROM 'yes' THEN
        UPDATE org_version SET version = version + 1;
        PERFORM set_config('danhgia.org_version_bumped', 'yes', true);
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['units', 'people', 'delegations', 'in_charge_units', 'in_charge_people',
                             'evaluator_assignments', 'evaluator_rules', 'account_roles'] LOOP
        EXECUTE format('DROP TRIGGER org_version_%1$s ON %1$I', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['units', 'people', 'delegations', 'in_charge_units', 'in_charge_people',
                             'evaluator_assignments', 'evaluator_rules', 'account_roles',
                             'period_overrides', 'period_extensions'] LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER org_version_%1$s
                        AFTER INSERT OR UPDATE OR DELETE ON %1$I
                        DEFERRABLE INITIALLY DEFERRED
                        FOR EACH ROW EXECUTE FUNCTION bump_org_version_once()', t);
        -- TRUNCATE has no row trigger; it is rare (tests, restores), so it bumps at once.
        EXECUTE format('CREATE TRIGGER org_version_truncate_%1$s AFTER TRUNCATE ON %1$I
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_org_version()', t);
    END LOOP;
END
$$;
