#!/usr/bin/env bash
# The e2e web server: the production server (npm start's dist/server.mjs) on a fresh Postgres database, migrated
# and seeded with Mistral's bundled catalog, with one admin and one viewer. Two providers are configured, both local
# (e2e/fake-providers.mjs): Mistral's API with a key, and an OpenAI-compatible "ollama" declared in PROVIDERS_PATH,
# which is not seeded at start (the sync flows add it); ACCESS_PATH declares one access group and one team.
# Playwright starts and stops it (playwright.config.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${E2E_DATABASE_URL:?}" "${E2E_ADMIN_URL:?}" "${E2E_PORT:?}"
db=$(node -e 'console.log(new URL(process.argv[1]).pathname.slice(1))' "$E2E_DATABASE_URL")
psql "$E2E_ADMIN_URL" -qc "drop database if exists $db with (force)" -c "create database $db" >/dev/null
export DATABASE_URL="$E2E_DATABASE_URL"
unset MODEL_DEFAULTS_PATH PGLITE_DIR ACCESS_PATH CONSUMER_API_ACCESS REGISTRY_API_TOKEN || true
for variable in $(env | grep -oE '^[A-Z0-9_]+_API_(KEY|URL)=' | tr -d =); do unset "$variable"; done

providers_port=$((E2E_PORT + 1))
node e2e/fake-providers.mjs "$providers_port" e2e-mistral-key >/dev/null &
# Listening before anything is sent to it (the deploy below notifies its webhook): at most 5 s.
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$providers_port") 2>/dev/null && break; sleep 0.1; done
providers_dir=$(mktemp -d)
cat >"$providers_dir/providers.json" <<JSON
{"providers": [{"id": "ollama", "kind": "openai-compatible", "name": "Ollama", "baseUrl": "http://127.0.0.1:$providers_port/ollama/v1"}]}
JSON
export MISTRAL_API_KEY=e2e-mistral-key MISTRAL_API_URL="http://127.0.0.1:$providers_port/mistral"
export PROVIDERS_PATH="$providers_dir/providers.json"
# Access groups and teams (e2e/access.spec.ts): one group by id pattern over models the shipped config keeps active.
cat >"$providers_dir/access.json" <<JSON
{"groups": [{"slug": "large", "name": "Large models", "match": {"ids": ["mistral-large*"]}}],
 "teams": [{"slug": "search", "name": "Search", "groups": ["large"]}]}
JSON
export ACCESS_PATH="$providers_dir/access.json"
# The webhook (README: Notifications) goes to the fake providers' receiver, which a flow reads back.
export NOTIFY_WEBHOOK_URL="http://127.0.0.1:$providers_port/hooks"
unset NOTIFY_WEBHOOK_SECRET || true

node dist/cli/models-deploy.mjs --source catalog >/dev/null
echo "$E2E_ADMIN_PASSWORD" | node dist/cli/admin-create.mjs --email admin@e2e.test --role admin >/dev/null
echo "$E2E_VIEWER_PASSWORD" | node dist/cli/admin-create.mjs --email viewer@e2e.test --role viewer >/dev/null
exec node dist/server.mjs -p "$E2E_PORT"
