#!/usr/bin/env bash
# A quick buy-path load with wrk against a running engine (./infra/run.sh): creates a sale, lets
# CONNECTIONS connections of distinct shoppers buy for SECONDS, then reports throughput, latency, and how
# long after the load stopped the last order landed in PostgreSQL. The launch replay (issue 5) replaces it.
#   loadtests/quick-buy.sh [SECONDS=8] [CONNECTIONS=128] [STOCK=100000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-8} connections=${2:-128} stock=${3:-100000}
api=${FLASHSALE_API:-http://127.0.0.1:5080}
pg=${FLASHSALE_PG_URL:-postgresql://flashsale:flashsale@127.0.0.1:5432/flashsale}
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source loadtests/wrk/engine-api.sh
cli token --sub "load-$(date +%s)-" --count "$stock" >"$work/tokens"
sale=$(open_sale "$api" "$(cli token --sub ops --role ops)" quick "Quick buy" "$stock")

wrk -t2 -c"$connections" -d"${seconds}s" --latency -s loadtests/wrk/shoppers.lua "$api" -- "$work/tokens" "/api/v1/sales/$sale/purchases" 2
stopped=$(date +%s.%N)
sold=$(sold_units "$api" "$sale")
until [ "$(psql -tAc "SELECT count(*) FROM orders WHERE sale_id = '$sale'" "$pg")" -ge "$sold" ]; do sleep 0.1; done
echo "sale $sale: sold $sold; the last order reached PostgreSQL $(echo "$(date +%s.%N) - $stopped" | bc) s after the load stopped"
