#!/usr/bin/env bash
# Starts the real API for the browser journeys: a fresh database with the demo organisation, the
# rules clock at 21 November 2026 09:00 Hanoi time (self-assessment of 2026-11 open, review and
# decision until the 28th, publication until 5 December), November opened for the district, and
# the built app (dist/) served on the same origin, and the scheduler (alerts) ticking every two
# seconds. Playwright starts and stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PORT="${E2E_PORT:-8091}"
DB="${E2E_DB:-danhgia_e2e_${PORT}}"
BASE_URL="${DATABASE_URL:-$(scripts/db)}"
ADMIN_URL="${BASE_URL%/*}/postgres"
export DATABASE_URL="${BASE_URL%/*}/${DB}"
psql "$ADMIN_URL" -XtAq -c "DROP DATABASE IF EXISTS \"${DB}\" WITH (FORCE)" >/dev/null
psql "$ADMIN_URL" -XtAq -c "CREATE DATABASE \"${DB}\"" >/dev/null
export RULES_CLOCK_AT="${E2E_RULES_CLOCK_AT:-2026-11-21T09:00:00+07:00}"
export STATIC_DIR="$PWD/frontend/dist"
export BIND="127.0.0.1:${PORT}"
# Many sign-ins from one address in a few minutes: the per-address limit would refuse them.
export AUTH_RATE_PER_IP_PER_MINUTE=100000
export AUTH_RATE_PER_USERNAME_PER_MINUTE=100000
export LOG_FORMAT="${LOG_FORMAT:-json}"
# The scheduler ticks every 2 s, so the alerts of the rules clock's month exist soon after start
# (journey 7 reads them).
export SCHEDULER_TICK_SECONDS=2
# Journey 9 makes a backup and verifies it: its archives stay out of the working tree.
export BACKUP_DIR="${BACKUP_DIR:-$PWD/target/e2e-backups-${PORT}}"
target/debug/api migrate >/dev/null
target/debug/api seed-demo >/dev/null
exec target/debug/api serve
