#!/usr/bin/env bash
# Run once by the postgres image when docker-compose.yml first creates the database
# (/docker-entrypoint-initdb.d): creates the application's role, `danhgia_app`, which the API
# connects as. Tables do not exist yet: default privileges give the role the ordinary rights on
# every table the owner's migrations create, and the audit migration narrows them on the audit
# trail to SELECT and INSERT (scripts/sql/app-role-grants.sql is the same, for an existing
# database). See docs/configuration.md "Database roles".
set -euo pipefail
: "${APP_DB_PASSWORD:?set APP_DB_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$APP_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE danhgia_app LOGIN PASSWORD %L', :'app_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'danhgia_app')
\gexec
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO danhgia_app;
GRANT USAGE ON SCHEMA public TO danhgia_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO danhgia_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO danhgia_app;
SQL
