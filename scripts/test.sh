#!/usr/bin/env bash
# The whole test suite (`npm test`): system dependencies, the web build, then vitest (unit,
# integration on PGlite and PostgreSQL, end-to-end in Chromium). Writes test-results/vitest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
export MLSA_TEST_PG_URL="${MLSA_TEST_PG_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
if [ -f web/index.html ]; then node scripts/build-web.mjs; fi
mkdir -p test-results
exec npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
