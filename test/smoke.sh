#!/usr/bin/env bash
# Smoke test of the README's promise: `npm run dev` on a fresh machine starts the product on a fresh embedded
# database, seeded; the page shows the registry; and a second process is refused the embedded database.
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
  if curl -fsS "http://127.0.0.1:$port/" -o "$dir/page.html" 2>/dev/null; then break; fi
  sleep 1
done
if ! grep -q 'The registry at a glance' "$dir/page.html" 2>/dev/null; then
  echo "smoke: the home page did not come up; dev log:" >&2; cat "$log" >&2; exit 1
fi
grep -q '>44<' "$dir/page.html" || { echo "smoke: the page does not show 44 models" >&2; exit 1; }
grep -q 'Seeded\|applied' "$dir/page.html" || { echo "smoke: the page does not show the seed run" >&2; exit 1; }
echo "smoke: home page shows 44 seeded models"

set +e
node dist/cli/models-check.mjs >"$dir/check.out" 2>&1
code=$?
set -e
if [ "$code" -ne 2 ] || ! grep -q 'in use by process' "$dir/check.out"; then
  echo "smoke: a second process was not refused the embedded database (exit $code):" >&2; cat "$dir/check.out" >&2; exit 1
fi
echo "smoke: a second process is refused the embedded database while the app runs"
