#!/usr/bin/env bash
# The e2e web server: the production server (npm start's dist/server.mjs) on a fresh Postgres database, migrated
# and seeded from the bundled catalog, with one admin and one viewer. Playwright starts and stops it (playwright.config.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${E2E_DATABASE_URL:?}" "${E2E_ADMIN_URL:?}" "${E2E_PORT:?}"
db=$(node -e 'console.log(new URL(process.argv[1]).pathname.slice(1))' "$E2E_DATABASE_URL")
psql "$E2E_ADMIN_URL" -qc "drop database if exists $db with (force)" -c "create database $db" >/dev/null
export DATABASE_URL="$E2E_DATABASE_URL"
unset MISTRAL_API_KEY MODEL_DEFAULTS_PATH PGLITE_DIR || true
node dist/cli/models-deploy.mjs --source catalog >/dev/null
echo "$E2E_ADMIN_PASSWORD" | node dist/cli/admin-create.mjs --email admin@e2e.test --role admin >/dev/null
echo "$E2E_VIEWER_PASSWORD" | node dist/cli/admin-create.mjs --email viewer@e2e.test --role viewer >/dev/null
exec node dist/server.mjs -p "$E2E_PORT"
