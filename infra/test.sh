#!/usr/bin/env bash
# The README's test command: starts (installing if needed) Redis, PostgreSQL and RabbitMQ on 127.0.0.1,
# then runs every test project of FlashSale.sln against them. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./infra/servers.sh start
log="$(mktemp)" results="$(mktemp -d)"
trap 'rm -rf "$log" "$results"' EXIT
set +e
dotnet test FlashSale.sln --logger trx --results-directory "$results" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# The console names a fixture's cleanup failure by its exception type alone; the TRX files keep its message and stack.
if grep -qs 'Cleanup Failure' "$results"/*.trx; then
  echo "Cleanup failures in full:"
  grep -h '^\[xUnit\.net [0-9:.]*\]       ' "$results"/*.trx | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g'
fi
# One closing line for the whole suite, summed over the test projects' own summaries.
awk '/(Passed|Failed)! +- +Failed: /{ gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
     /Cleanup Failure/ { c++ }
     END { printf "tests: %d passed, %d failed%s\n", p, f, c ? sprintf(", fixture cleanups failed: %d", c) : "" }' "$log"
exit "$status"
