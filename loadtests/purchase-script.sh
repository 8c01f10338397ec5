#!/usr/bin/env bash
# Redis's own cost of purchase.lua at two git revisions, alternated, on a scratch Redis of its own (AOF everysec,
# as infra/servers.sh runs it) with nothing else running: the engine, the generator and the other servers share
# the launch box's two cores, which hides a change of a few microseconds. Each round creates a fresh open sale
# and runs BATCHES scripts of 40 random shoppers each from 4 clients (the batch the engine sends at launch
# rates), then prints Redis's script time per confirmed purchase.
#   loadtests/purchase-script.sh OLD_REV [NEW_REV=working tree] [PAIRS=5] [BATCHES=5000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
old=${1:?usage: loadtests/purchase-script.sh OLD_REV [NEW_REV] [PAIRS] [BATCHES]} new=${2:-} pairs=${3:-5} batches=${4:-5000}
port=${FLASHSALE_SCRIPT_BENCH_PORT:-6390}
scripts=src/FlashSale.Stock/Scripts

work=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly yes --appendfsync everysec --dir "$work" \
  --daemonize yes --pidfile "$work/redis.pid" >/dev/null
trap 'kill "$(cat "$work/redis.pid")" 2>/dev/null; rm -rf "$work"' EXIT
r() { redis-cli -p "$port" "$@"; }
until r ping >/dev/null 2>&1; do sleep 0.1; done

# Each revision's scripts exactly as LuaScripts.cs loads them: lib.lua's helpers, a newline, the script. Each
# revision also creates its own sale, so the sale record is the one its purchase script expects.
at() { if [ -n "$1" ]; then git show "$1:$scripts/$2"; else cat "$scripts/$2"; fi; }
for side in old new; do
  rev=${!side}
  for script in create_sale purchase; do
    { at "$rev" lib.lua; echo; at "$rev" "$script.lua"; } >"$work/$side-$script.lua"
  done
done

shoppers=()
for _ in $(seq 1 40); do shoppers+=("s:__rand_int__" "f:__rand_int__"); done
keys=("fs:{s}:sale" "fs:{s}:idem" "fs:{s}:shoppers" "fs:{s}:orders" "fs:{s}:outbox" "fs:{s}:registered" "fs:{s}:holds")

round() {
  r flushall >/dev/null
  r config resetstat >/dev/null
  local sha far=99999999999999
  # create_sale.lua's ARGV: id, sku, name, F-code stock, limit, payment window, registration, admission window and
  # seed, settles by, then one session (starts, ends, stock) open now and for good.
  r --eval "$work/$1-create_sale.lua" "${keys[0]}" fs:sales "${keys[4]}" , s k bench 0 100 0 0 0 0 "$far" 0 "$far" 100000000 >/dev/null
  sha=$(r script load "$(cat "$work/$1-purchase.lua")")
  # Since the scripts carry kept traces to the outbox, ARGV[1] is the batch's traceparents ('' for none).
  local traces=()
  if grep -q "ARGV\[1\]: the traceparents" "$work/$1-purchase.lua"; then traces=(""); fi
  redis-benchmark -p "$port" -q -c 4 -n "$batches" -r 100000000 evalsha "$sha" 7 "${keys[@]}" "${traces[@]}" "${shoppers[@]}" >/dev/null
  local confirmed usec
  confirmed=$(r hget "${keys[0]}" confirmed)
  usec=$(r info commandstats | sed -n 's/^cmdstat_evalsha:.*usec=\([0-9]*\),.*/\1/p')
  printf '%s  %s purchases  %s µs a purchase\n' "$1" "$confirmed" "$(echo "scale=2; $usec / $confirmed" | bc)"
}

echo "old: ${old}   new: ${new:-working tree}"
for _ in $(seq 1 "$pairs"); do round old; round new; done
