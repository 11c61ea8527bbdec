#!/usr/bin/env bash
# Smoke test of the README's promise: `npm run dev` on a fresh machine starts the product on a fresh embedded
# database, seeded, with a first admin to sign in as; and a second process is refused the embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
port=${SMOKE_PORT:-3917}
export PGLITE_DIR="$dir/pglite" PORT="$port"
unset DATABASE_URL MISTRAL_API_KEY MODEL_DEFAULTS_PATH || true
log="$dir/dev.log"
set -m
npm run dev >"$log" 2>&1 &
pid=$!
cleanup() { kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; pkill -f "next dev.*$port" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/login" -o "$dir/login.html" 2>/dev/null; then break; fi
  sleep 1
done
if ! grep -q 'Sign in' "$dir/login.html" 2>/dev/null; then
  echo "smoke: the sign-in page did not come up; dev log:" >&2; cat "$log" >&2; exit 1
fi
grep -q 'Seed applied from catalog: 44 added' "$log" || { echo "smoke: the dev start did not seed 44 models:" >&2; cat "$log" >&2; exit 1; }
grep -q 'Created the first admin' "$log" && grep -q 'password: ' "$log" || { echo "smoke: no first admin was printed:" >&2; cat "$log" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/admin/models")
[ "$code" = 307 ] || { echo "smoke: a signed-out visit to /admin/models answered $code, not a redirect to /login" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/favicon.ico")
[ "$code" = 200 ] || { echo "smoke: /favicon.ico answered $code" >&2; exit 1; }
# The development terminal stays readable: no Edge-runtime warnings about the Node-only start (issue 16).
curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/models"
if grep -q 'Edge Runtime' "$log"; then
  echo "smoke: the dev server printed Edge-runtime warnings:" >&2; grep -A3 'Edge Runtime' "$log" >&2; exit 1
fi
echo "smoke: dev start seeded 44 models, printed the first admin, serves the sign-in page and the favicon, redirects signed-out visitors, prints no Edge-runtime warning"

set +e
node dist/cli/models-check.mjs >"$dir/check.out" 2>&1
code=$?
set -e
if [ "$code" -ne 2 ] || ! grep -q 'in use by process' "$dir/check.out"; then
  echo "smoke: a second process was not refused the embedded database (exit $code):" >&2; cat "$dir/check.out" >&2; exit 1
fi
echo "smoke: a second process is refused the embedded database while the app runs"
