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
dotnet build src/FlashSale.Cli -c Release -v q -nologo >/dev/null
cli() { dotnet src/FlashSale.Cli/bin/Release/net10.0/flashsale.dll "$@"; }
cli token --sub "load-$(date +%s)-" --count "$stock" >"$work/tokens"
ops=$(cli token --sub ops --role ops)
body=$(printf '{"sku":"quick","name":"Quick buy","stock":%d,"fcodeStock":0,"perShopperLimit":1,"startsAt":"%s","endsAt":"%s","paymentWindowSeconds":0}' \
  "$stock" "$(date -u -d '-1 min' +%FT%TZ)" "$(date -u -d '+1 hour' +%FT%TZ)")
sale=$(curl -sf -X POST "$api/api/v1/sales" -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' -d "$body" |
  grep -o '"saleId":"[0-9a-f]*"' | cut -d'"' -f4)

wrk -t2 -c"$connections" -d"${seconds}s" --latency -s loadtests/wrk/shoppers.lua "$api" -- "$work/tokens" "/api/v1/sales/$sale/purchases" 2
stopped=$(date +%s.%N)
sold=$(curl -sf "$api/api/v1/sales/$sale" | grep -o '"sold":[0-9]*' | cut -d: -f2)
until [ "$(psql -tAc "SELECT count(*) FROM orders WHERE sale_id = '$sale'" "$pg")" -ge "$sold" ]; do sleep 0.1; done
echo "sale $sale: sold $sold; the last order reached PostgreSQL $(echo "$(date +%s.%N) - $stopped" | bc) s after the load stopped"
