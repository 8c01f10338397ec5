#!/usr/bin/env bash
# The engine's CPU per sale at two git revisions, measured with both engines selling AT THE SAME TIME on this box,
# each to its own wrk (distinct shoppers, CONNECTIONS connections), sharing Redis, PostgreSQL and RabbitMQ. On these
# shared machines the same build's CPU per sale drifts by a third between runs minutes apart, which hides a change
# of a few per cent when builds take turns; run at once, two copies of one build differ by up to 7 % in a run and
# by 1–2 % in the median of eight. Each round starts both engines afresh, warms them with one run, then measures
# two; rounds alternate which build gets which slot. Prints each run's µs of engine CPU per sale and the new
# build's ratio to the old. Needs the servers (./infra/servers.sh start) and free ports 5180–5181, 11211–11212 and
# 30100–30101; its sales stay in Redis and PostgreSQL until ./infra/servers.sh reset.
#   loadtests/side-by-side.sh OLD_REV [NEW_REV=working tree] [ROUNDS=4] [SECONDS=10] [CONNECTIONS=64]
# OLD_ENV and NEW_ENV add environment variables to one side's engine, to compare a knob at one revision:
#   NEW_ENV='DOTNET_TieredPGO=0' loadtests/side-by-side.sh HEAD HEAD
# KIND=fcode measures F-code redemptions instead: each run's sale sets its units aside for F-codes, and every request
# redeems a bearer code of its own (issued before the run, not measured), with a JSON body as holders send it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
old=${1:?usage: loadtests/side-by-side.sh OLD_REV [NEW_REV] [ROUNDS] [SECONDS] [CONNECTIONS]} new=${2:-}
rounds=${3:-4} seconds=${4:-10} connections=${5:-64} kind=${KIND:-purchase}
[[ "$kind" =~ ^(purchase|fcode)$ ]] || { echo "KIND must be purchase or fcode" >&2; exit 2; }
stock=$((connections * seconds * 400)) # more than a host sells, so neither sale sells out mid-run
[ "$kind" = fcode ] && stock=$((seconds * 12000)) # each code is issued, and redeemed once: about twice what a host redeems
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null

work=$(mktemp -d)
declare -A pid=()
cleanup() {
  for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done
  git worktree remove --force "$work/src-old" 2>/dev/null || true
  git worktree remove --force "$work/src-new" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

build() { # side rev
  local src=.
  if [ -n "$2" ]; then
    git worktree add --detach -q "$work/src-$1" "$2"
    src="$work/src-$1"
  fi
  dotnet build "$src/src/FlashSale.Host" -c Release -o "$work/$1" -v q -nologo >/dev/null
}
build old "$old"
build new "$new"
source loadtests/wrk/engine-api.sh
ops=$(cli token --sub ops --role ops)
# Every run opens new sales, so one set of shoppers buys in all of them.
cli token --sub "side-$(date +%s)-" --count "$stock" >"$work/tokens"

declare -A port=([0]=5180 [1]=5181) extra=([old]="${OLD_ENV:-}" [new]="${NEW_ENV:-}")
# Each slot is an engine of its own: its own HTTP and Orleans ports and service, Redis keys and RabbitMQ virtual
# host, so neither relays, consumes or reminds the other's sales (that work went to whichever engine was quicker).
for s in 0 1; do ./infra/servers.sh vhost "side$s" >/dev/null; done
start() { # side slot
  local slot=$2 url="http://127.0.0.1:${port[$2]}"
  (cd "$work/$1" && DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}" ASPNETCORE_ENVIRONMENT=Development \
    exec env ${extra[$1]} ./FlashSale.Host --urls "$url" --FlashSale:Orleans:SiloPort=$((11211 + slot)) \
      --FlashSale:Orleans:GatewayPort=$((30100 + slot)) --FlashSale:Orleans:ServiceId="side$slot" \
      --FlashSale:Redis:KeyPrefix="side$slot" --FlashSale:RabbitMq:VirtualHost="side$slot" >"$work/$1.log" 2>&1) &
  pid[$1]=$!
  until curl -sf "$url/health/ready" >/dev/null; do
    kill -0 "${pid[$1]}" 2>/dev/null || { echo "the $1 engine did not start:" >&2; tail -20 "$work/$1.log" >&2; exit 1; }
    sleep 1
  done
}

declare -A slot=() sale=() cpu0=()
api() { echo "http://127.0.0.1:${port[${slot[$1]}]}"; } # side
sell() { # both engines sell for SECONDS at once; prints "old_µs new_µs"
  local side
  for side in old new; do
    if [ "$kind" = fcode ]; then
      sale[$side]=$(open_sale "$(api "$side")" "$ops" side "Side by side" 1 "$stock")
      issue_codes "$(api "$side")" "$ops" "${sale[$side]}" "$stock" >"$work/codes-$side"
    else
      sale[$side]=$(open_sale "$(api "$side")" "$ops" side "Side by side" "$stock")
    fi
  done
  for side in old new; do cpu0[$side]=$(awk '{print $14 + $15}' "/proc/${pid[$side]}/stat"); done
  local wrks=()
  for side in old new; do
    local codes=()
    [ "$kind" = fcode ] && codes=("$work/codes-$side")
    wrk -t1 -c"$connections" -d"${seconds}s" -s loadtests/wrk/shoppers.lua "$(api "$side")" -- \
      "$work/tokens" "/api/v1/sales/${sale[$side]}/purchases" 1 "${codes[@]}" >/dev/null &
    wrks+=("$!")
  done
  wait "${wrks[@]}"
  for side in old new; do
    local ticks sold
    ticks=$(( $(awk '{print $14 + $15}' "/proc/${pid[$side]}/stat") - ${cpu0[$side]} ))
    if [ "$kind" = fcode ]; then sold=$(redeemed_codes "$(api "$side")" "${sale[$side]}"); else sold=$(sold_units "$(api "$side")" "${sale[$side]}"); fi
    # clock ticks are 10 ms: µs a sale = ticks × 10,000 ÷ sold
    printf '%s ' "$(echo "scale=1; $ticks * 10000 / $sold" | bc)"
  done
  echo
}

echo "old: $old ${OLD_ENV:-}   new: ${new:-working tree} ${NEW_ENV:-}   µs of engine CPU a ${kind/fcode/redemption}, both selling at once"
ratios=()
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then slot=([old]=0 [new]=1); else slot=([old]=1 [new]=0); fi
  start old "${slot[old]}"
  start new "${slot[new]}"
  sell >/dev/null # the first run after a start tiers the buy path up: not measured
  for _ in 1 2; do
    read -r o n < <(sell)
    ratio=$(echo "scale=3; $n / $o" | bc)
    ratios+=("$ratio")
    echo "round $r: old ${o} µs · new ${n} µs · new/old ${ratio}"
  done
  kill "${pid[old]}" "${pid[new]}"
  wait "${pid[old]}" "${pid[new]}" 2>/dev/null || true
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "median new/old: %s (of %d runs)\n", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), NR }'
