DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['units', 'people', 'delegations', 'in_charge_units', 'in_charge_people',
                             'evaluator_assignments', 'evaluator_rules', 'account_roles',
                             'period_overrides', 'period_extensions'] LOOP
        EXECUTE format('DROP TRIGGER org_version_%1$s ON %1$I', t);
        EXECUTE format('DROP TRIGGER org_version_truncate_%1$s ON %1$I', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['units', 'people', 'delegations', 'in_charge_units', 'in_charge_people',
                             'evaluator_assignments', 'evaluator_rules', 'account_roles'] LOOP
        EXECUTE format('CREATE TRIGGER org_version_%1$s AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %1$I
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_org_version()', t);
    END LOOP;
END
$$;
DROP FUNCTION bump_org_version_once();
