#!/usr/bin/env bash
# The README's run command: starts (installing if needed) Redis, PostgreSQL and RabbitMQ on 127.0.0.1 and
# runs the engine on http://127.0.0.1:5080 in the Development environment (development signing key).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is needed (dotnet on PATH)." >&2; exit 1; }
./infra/servers.sh start
echo "Mint a token: dotnet run --project src/FlashSale.Cli -- token --sub alice [--role ops]" >&2
# The GC sizes gen0 from the CPU caches the kernel reports, and these virtual machines report none
# (/sys/devices/system/cpu/cpu0/cache is absent): a test program collected every 2.4 MB it allocated. Under launch
# load the engine then ran two GC heaps, the second one's thread competing for the two cores with Redis, PostgreSQL
# and RabbitMQ; with a 64 MB gen0 budget it kept one. Alternated full launches: 6 % less engine CPU and a lower peak
# memory (docs/PERFORMANCE.md, fourteenth session). Only the environment sets it: runtimeconfig.json cannot.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
exec dotnet run --project src/FlashSale.Host -c Release --launch-profile FlashSale.Host
