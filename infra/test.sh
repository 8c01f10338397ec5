#!/usr/bin/env bash
# The README's test command: starts (installing if needed) Redis, PostgreSQL and RabbitMQ on 127.0.0.1,
# then runs every test project of FlashSale.sln against them. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./infra/servers.sh start
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test FlashSale.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole suite, summed over the test projects' own summaries.
awk '/(Passed|Failed)! +- +Failed: /{ gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
