DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['units', 'people', 'delegations', 'in_charge_units', 'in_charge_people',
                             'evaluator_assignments', 'evaluator_rules', 'account_roles'] LOOP
        EXECUTE format('DROP TRIGGER org_version_%1$s ON %1$I', t);
    END LOOP;
END
$$;
DROP FUNCTION bump_org_version();
DROP TABLE org_version;
