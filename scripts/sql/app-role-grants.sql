-- Rights of the application's database role, `danhgia_app` (docs/configuration.md "Database
-- roles"). Run as the schema owner after `api migrate`; idempotent. Creates no role: create it
-- once per cluster first, e.g.
--   CREATE ROLE danhgia_app LOGIN PASSWORD '...';
-- The application then connects as danhgia_app (DATABASE_URL) and migrations run as the owner
-- (MIGRATION_DATABASE_URL). The owner keeps every right; the application may read and write the
-- ordinary tables but only read and append to the audit trail: it cannot UPDATE, DELETE or
-- TRUNCATE audit_log (the triggers refuse those even to the owner; the grants make it plain),
-- and may advance but never delete the signed daily checkpoints. Entries wait in audit_pending
-- until the linker (in the application) moves them into audit_log: it may write and take them,
-- not change them.

GRANT USAGE ON SCHEMA public TO danhgia_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO danhgia_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO danhgia_app;

REVOKE ALL ON audit_log, audit_checkpoints FROM danhgia_app;
REVOKE ALL ON audit_pending FROM danhgia_app;
GRANT SELECT, INSERT ON audit_log TO danhgia_app;
GRANT SELECT, INSERT, UPDATE ON audit_checkpoints TO danhgia_app;
GRANT SELECT, INSERT, DELETE ON audit_pending TO danhgia_app;

-- The migrations' own bookkeeping is the owner's business.
REVOKE INSERT, UPDATE, DELETE ON __diesel_schema_migrations FROM danhgia_app;

-- Tables later migrations create get the ordinary rights; a migration that creates an
-- append-only table narrows them itself (as 2026-12-02-000401_audit_checkpoints does).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO danhgia_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO danhgia_app;
