DROP TABLE audit_checkpoints;
DROP FUNCTION audit_checkpoints_forward_only();
DROP TRIGGER audit_log_no_truncate ON audit_log;
