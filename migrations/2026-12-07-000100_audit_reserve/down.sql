DROP FUNCTION audit_reserve(bigint, integer);
